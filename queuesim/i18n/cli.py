"""The command line's help: commands, options and their descriptions."""

EN: dict[str, str] = {
}

ZH: dict[str, str] = {
}
