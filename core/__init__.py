"""The shared kernel: the settings model, the user-facing error types, the app's name and the text rules
every room uses. It imports nothing of the project's other packages."""
