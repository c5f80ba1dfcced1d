"""The scenario language: its models, the reader of YAML and JSON, validation, and the
facts a scenario becomes."""
