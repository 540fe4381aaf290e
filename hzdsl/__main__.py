"""`python -m hzdsl …` runs the same command line as `hzdsl …`."""
from .cli import entry

if __name__ == "__main__":
    entry()
