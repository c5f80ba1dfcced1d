"""Reading scenario input (bytes -> plain data with line numbers, or one clear error),
in small modules; `aiact_foss.language.loading` is the entry point and says the rules."""
