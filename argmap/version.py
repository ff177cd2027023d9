"""The version and home of argmap: imported by the modules that write them
(the User-Agent, graph metadata, reports) without importing the package
root, whose ``map_thread`` would pull in every stage."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/argmap/argmap"
