"""adurabi: complaints and news recaps for Kanwil Kemenkumham Bali, on the command line."""

__version__ = "0.1.0"
