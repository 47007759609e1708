"""loket: the service-office system for e-KTP offices."""

__version__ = "0.1.0"
