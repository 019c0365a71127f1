"""The hosted-buyer round: both sides' ranked wishes, scheduled into booked meetings."""
