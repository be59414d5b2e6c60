"""Publish a customer-service roadmap and OKRs, kept as YAML in git, as a static site."""

__version__ = "0.1.0"
