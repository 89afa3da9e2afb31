"""The app: ``python -m gui`` / ``rowreader-gui``."""

# The app's command, as its console script names it: its lines on stderr name it so where it runs in-process (a
# test), and as typed where run_main runs it (:func:`rowreader.launch.command_name`: `python -m gui`)
APP = "rowreader-gui"
