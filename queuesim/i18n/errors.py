"""Error and warning lines. Field paths and file names are filled in as written by the user."""

EN: dict[str, str] = {
}

ZH: dict[str, str] = {
}
