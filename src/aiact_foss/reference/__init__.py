"""Reference pages of docs/ generated from the declarations the code uses."""
