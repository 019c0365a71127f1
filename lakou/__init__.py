"""The application: composition root, app factory, CLI, module list, extension loader."""
