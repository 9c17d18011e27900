"""Two functions for the writes sent with a commit (PgSession.defer): append_event(), the event
and its deliveries to the webhooks that collect it, and remember_answer(), an idempotency answer
replacing an expired one of its key. A function's statements keep their plans for the session's
life, where the same statements sent as text with a commit would be parsed and planned on every
write. Which webhooks collect an event mirrors `Webhook.collects` (domain/webhooks): change
both together, in a new revision.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 15:40:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A webhook the server switched off keeps collecting, so it catches up when an admin turns it
# on again; one an admin switched off does not. Events about webhooks are never sent to
# webhooks (a ping is queued for its own webhook alone).
APPEND_EVENT = """
CREATE FUNCTION append_event(
    event_id uuid, of_company uuid, event_type text, of_entity_type text, of_entity_id uuid,
    by_actor uuid, at timestamptz, body text
) RETURNS void LANGUAGE plpgsql AS $function$
BEGIN
  INSERT INTO events (id, company_id, type, entity_type, entity_id, actor_id, occurred_at, body)
  VALUES (event_id, of_company, event_type, of_entity_type, of_entity_id, by_actor, at,
          body::json);
  IF of_entity_type <> 'webhook' THEN
    INSERT INTO webhook_deliveries
           (id, company_id, webhook_id, event_id, event_type, next_attempt_at)
    SELECT gen_random_uuid(), w.company_id, w.id, append_event.event_id,
           append_event.event_type, now()
      FROM webhooks AS w
     WHERE w.company_id = of_company
       AND (w.is_active OR w.disabled_reason IS NOT NULL)
       AND (append_event.event_type = ANY (w.event_types) OR '*' = ANY (w.event_types));
  END IF;
END
$function$
"""

# A live answer of the key already there (another request's) fails the insert, and with it the
# commit: that request's run stands, this one is undone.
REMEMBER_ANSWER = """
CREATE FUNCTION remember_answer(
    of_company uuid, of_user uuid, of_key text, new_fingerprint text, new_status integer,
    new_headers text, new_body bytea, new_recorded_at timestamptz, expired_before timestamptz
) RETURNS void LANGUAGE plpgsql AS $function$
BEGIN
  DELETE FROM idempotency_answers AS a
   WHERE a.company_id = of_company AND a.user_id = of_user AND a.key = of_key
     AND a.recorded_at <= expired_before;
  INSERT INTO idempotency_answers
         (company_id, user_id, key, fingerprint, status, headers, body, recorded_at)
  VALUES (of_company, of_user, of_key, new_fingerprint, new_status, new_headers::json, new_body,
          new_recorded_at);
END
$function$
"""


def upgrade() -> None:
    op.execute(APPEND_EVENT)
    op.execute(REMEMBER_ANSWER)


def downgrade() -> None:
    op.execute(
        "DROP FUNCTION remember_answer"
        "(uuid, uuid, text, text, integer, text, bytea, timestamptz, timestamptz)"
    )
    op.execute("DROP FUNCTION append_event(uuid, uuid, text, text, uuid, uuid, timestamptz, text)")
