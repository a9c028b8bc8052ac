"""pydantic models of every contract (spec, targets, stage artifacts, reports) and their JSON Schemas."""
