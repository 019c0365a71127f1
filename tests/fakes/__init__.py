"""Small local FAKES of outside services, each named as such, for tests only."""
