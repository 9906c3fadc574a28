"""The planner's panels: commitments of the selected manager and the plan table."""
