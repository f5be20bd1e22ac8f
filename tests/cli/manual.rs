//! The manual as a new user meets it: the man pages through `man` and `git help`, and the
//! README's commands.
