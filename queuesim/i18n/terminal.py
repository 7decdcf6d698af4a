"""Words of the terminal tables and progress lines."""

EN: dict[str, str] = {
}

ZH: dict[str, str] = {
}
