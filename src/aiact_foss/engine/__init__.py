"""The solver: programs per draft, the distinct outcomes of a scenario, tables of readings,
conclusions and the JSON result."""
