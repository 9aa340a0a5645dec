"""The admin screens: users and sites."""
