"""Placeholder: this command module is being written."""

commands: list = []
