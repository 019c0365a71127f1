"""The creator studio: pages to create, edit, upload, follow and publish works."""
