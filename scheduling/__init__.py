"""Scheduling: discrete-slot calendars, capacity and bookings that never overlap."""
