"""Streamlit glue shared by the pages: cached resources, session state, sidebar, messages.

This is the only code besides app.py and pages/ that imports streamlit; the domain stays
in workbench/.
"""
