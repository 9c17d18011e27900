"""Word lists the demo data is made of: Russian and Latin names, employers, roles, skills."""

from __future__ import annotations

RU_MALE_FIRST = (
    "Александр Алексей Андрей Антон Артём Борис Вадим Василий Виктор Владимир Глеб Григорий Денис "
    "Дмитрий Евгений Егор Иван Игорь Илья Кирилл Константин Лев Максим Михаил Никита Николай Олег "
    "Павел Пётр Роман Сергей Степан Тимофей Фёдор Юрий Ярослав"
).split()
RU_FEMALE_FIRST = (
    "Алёна Алина Анастасия Анна Анна-Мария Валентина Валерия Вера Виктория Галина Дарья Евгения "
    "Екатерина Елена Елизавета Ирина Ксения Лариса Любовь Людмила Маргарита Марина Мария Надежда "
    "Наталья Оксана Ольга Полина Светлана София Татьяна Ульяна Юлия Яна"
).split()
RU_LAST = (
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов "
    "Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров "
    "Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин "
    "Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов "
    "Ковалёв Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев "
    "Герасимов Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов "
    "Мельников Денисов Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов "
    "Абрамов Мартынов Ефимов Федотов Щербаков Назаров Калинин Исаев Чернышёв Быков Маслов "
    "Родионов Коновалов Лазарев Воронин Климов Филатов Пономарёв Голубев Кудрявцев Прохоров "
    "Наумов Потапов Журавлёв Овчинников Трофимов Леонов Соболев Ермаков Колесников Гончаров "
    "Емельянов Никифоров Грачёв Котов Гришин Ёлкин Ёжиков"
).split()
RU_MALE_MIDDLE = (
    "Александрович Алексеевич Андреевич Викторович Дмитриевич Иванович Игоревич Михайлович "
    "Николаевич Олегович Павлович Петрович Сергеевич Юрьевич"
).split()
RU_FEMALE_MIDDLE = (
    "Александровна Алексеевна Андреевна Викторовна Дмитриевна Ивановна Игоревна Михайловна "
    "Николаевна Олеговна Павловна Петровна Сергеевна Юрьевна"
).split()
LATIN_FIRST = (
    "James John Robert Michael William David Richard Joseph Thomas Daniel Mary Patricia Jennifer "
    "Linda Elizabeth Susan Jessica Sarah Karen Emma Olivia Sophia Liam Noah Lucas Mia Hannah Lukas "
    "Jonas Felix Marie Léa Chloé Hugo Mateo Sofía Lucía Giulia Marco Anna"
).split()
LATIN_LAST = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Wilson Anderson Taylor Thomas Moore Jackson Martin Lee O'Neil O'Brien McCarthy Müller Schmidt "
    "Schneider Fischer Weber Meyer Wagner Dubois Moreau Laurent Rossi Russo Ferrari Esposito "
    "Fernández González Sánchez Novak Kowalski"
).split()

EMPLOYERS = (
    "Яндекс",
    "Сбер",
    "Тинькофф",
    "VK",
    "Ozon",
    "Wildberries",
    "Лаборатория Касперского",
    "1С",
    "Авито",
    "МТС",
    "Билайн",
    "Мегафон",
    "Ростелеком",
    "Альфа-Банк",
    "ВТБ",
    "Газпром нефть",
    "Лукойл",
    "Северсталь",
    "X5 Group",
    "Магнит",
    "JetBrains",
    "EPAM",
    "Luxoft",
    "Positive Technologies",
    "Acme Corp",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark Industries",
    "Wayne Enterprises",
    "ООО «Ромашка»",
    "ООО «Вектор»",
    "АО «Прогресс»",
    "ПАО «Север»",
    "ИП Смирнов",
)
JOB_TITLES = (
    "Backend-разработчик",
    "Frontend-разработчик",
    "Fullstack-разработчик",
    "Тестировщик",
    "Инженер по автоматизации тестирования",
    "DevOps-инженер",
    "Системный администратор",
    "Аналитик данных",
    "Системный аналитик",
    "Бизнес-аналитик",
    "Продакт-менеджер",
    "Руководитель проектов",
    "Тимлид",
    "Архитектор ПО",
    "Дизайнер интерфейсов",
    "HR-менеджер",
    "Рекрутер",
    "Бухгалтер",
    "Юрист",
    "Менеджер по продажам",
    "Маркетолог",
    "Data Scientist",
    "ML Engineer",
    "Site Reliability Engineer",
    "Mobile Developer",
    "Technical Writer",
)
DEPARTMENTS = (
    "Разработка",
    "Тестирование",
    "Инфраструктура",
    "Аналитика",
    "Продукт",
    "Дизайн",
    "Управление персоналом",
    "Финансы",
    "Юридический отдел",
    "Продажи",
    "Маркетинг",
    "Data Science",
)
GRADES = ("Intern", "Junior", "Middle", "Senior", "Lead", "Principal")
PROJECTS = (
    "Платформа платежей",
    "Мобильный банк",
    "Личный кабинет",
    "CRM",
    "Складская система",
    "Маркетплейс",
    "Аналитическое хранилище",
    "Внутренний портал",
    "Antifraud",
    "Поиск",
)

_TECH = (
    "Python Java Kotlin Go Rust C C++ C# JavaScript TypeScript PHP Ruby Scala Swift Elixir "
    "Haskell Clojure Perl Lua R MATLAB Julia Dart Objective-C Groovy F# OCaml Erlang Zig Solidity "
    "SQL PL/pgSQL Bash PowerShell Django Flask FastAPI Litestar aiohttp Celery SQLAlchemy Pandas "
    "NumPy SciPy scikit-learn PyTorch TensorFlow Keras Spark Hadoop Airflow dbt Kafka RabbitMQ "
    "NATS Redis Memcached PostgreSQL MySQL MariaDB Oracle MS SQL Server SQLite MongoDB Cassandra "
    "ClickHouse Elasticsearch OpenSearch Neo4j Greenplum Vertica Snowflake BigQuery Docker "
    "Kubernetes Helm Terraform Ansible Puppet Chef Vagrant Packer Nomad Consul Vault Prometheus "
    "Grafana Loki Jaeger Zabbix Nagios ELK Nginx HAProxy Envoy Istio Linux FreeBSD Windows Server "
    "Git GitLab CI GitHub Actions Jenkins TeamCity Bamboo Jira Confluence YouTrack Spring Spring "
    "Boot Hibernate Quarkus Micronaut Ktor .NET ASP.NET Entity Framework Laravel Symfony Yii "
    "Rails React Vue.js Angular Svelte Next.js Nuxt Redux MobX RxJS Webpack Vite Babel jQuery "
    "HTML CSS Sass Tailwind Bootstrap Figma Sketch Photoshop Illustrator Android iOS Flutter "
    "React Native SwiftUI Jetpack Compose GraphQL REST gRPC WebSocket OAuth OpenID Connect JWT "
    "TLS Selenium Playwright Cypress pytest JUnit TestNG Postman JMeter Locust k6 Allure AWS "
    "Azure GCP Yandex Cloud OpenStack VMware Proxmox MLflow Kubeflow Jupyter Tableau Power BI "
    "Superset Metabase Looker Excel 1С:Предприятие SAP Nest.js Express Node.js Deno Bun Gin Echo "
    "Fiber Actix Tokio Axum Diesel Prisma TypeORM Sequelize Alembic Pydantic msgspec Poetry Conda "
    "Maven Gradle CMake Bazel gdb Valgrind LLVM CUDA OpenCL OpenCV NLTK spaCy Transformers "
    "LangChain FAISS Qdrant Milvus Druid Flink Beam Hive Presto Trino Iceberg Parquet Avro "
    "Protobuf Thrift"
)
_SOFT = (
    "Коммуникация",
    "Управление командой",
    "Наставничество",
    "Публичные выступления",
    "Тайм-менеджмент",
    "Переговоры",
    "Agile",
    "Scrum",
    "Kanban",
    "Управление рисками",
    "Бюджетирование",
    "Подбор персонала",
    "Адаптация сотрудников",
    "Оценка персонала",
    "Деловая переписка",
    "Английский для ИТ",
    "Системное мышление",
    "Критическое мышление",
    "Проектирование API",
    "Микросервисы",
    "DDD",
    "TDD",
    "CI/CD",
    "Code review",
    "Высокие нагрузки",
    "Информационная безопасность",
    "Пентест",
    "Нагрузочное тестирование",
    "UX-исследования",
    "A/B-тестирование",
    "Продуктовая аналитика",
    "Финансовый анализ",
    "МСФО",
    "РСБУ",
    "Налоговое право",
    "Трудовое право",
    "B2B-продажи",
    "Холодные звонки",
    "SEO",
    "SMM",
    "Контекстная реклама",
    "Копирайтинг",
    "Технические тексты",
    "BPMN",
    "UML",
)


def _unique(items: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(" ".join(item.lower().split()), item)
    return tuple(seen.values())


SKILLS = _unique(
    [
        *_TECH.split(),
        "MS SQL Server",
        "Spring Boot",
        "GitHub Actions",
        "GitLab CI",
        "Vue.js",
        "React Native",
        "Jetpack Compose",
        "OpenID Connect",
        "Power BI",
        "Yandex Cloud",
        "Windows Server",
        *_SOFT,
    ]
)

NOTES = (
    "Созвонились, кандидат открыт к предложениям.",
    "Просит удалённый формат работы.",
    "Рекомендован бывшим коллегой.",
    "Сильный технический бэкграунд, слабее в коммуникации.",
    "Готов выйти через две недели.",
    "Interviewed on the phone, good English.",
    "Salary expectations above the range, discuss with the hiring manager.",
    "Отклонил прошлый оффер из-за переезда.",
    "Хорошо показал себя на тестовом задании.",
    "Нужна повторная встреча с тимлидом.",
)
