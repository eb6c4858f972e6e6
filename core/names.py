"""The application's name: its user data, config and models folders are named after it."""

APP_NAME = "face-kiosk"
