"""A SpiffWorkflow connector: the proxy lists every class in the modules of `commands/`."""
