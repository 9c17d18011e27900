"""The `gefest` command line: `gefest --help` lists the subcommands."""
