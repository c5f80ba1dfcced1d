"""The law as data: the drafts and their provisions in logic/, the open questions, and the
templates that turn conclusion patterns into ASP."""
