"""A roadmap repository of its own: `roadmap init` and the editor schemas."""
