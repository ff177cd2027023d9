"""Helpers that drive a real headless Chromium (Debian package ``chromium``)."""
