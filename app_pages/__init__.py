"""The Streamlit app's pages (app.py wires them into one navigation)."""
