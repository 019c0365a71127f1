"""A shelf of pinned works: the test suite's example extension."""
