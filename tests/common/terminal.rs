//! A real pseudo-terminal for end-to-end tests: `script(1)` (bsdutils) gives the command
//! a terminal of a chosen size, another thread types the keys, and the test reads back
//! everything the terminal showed.

#![allow(dead_code)] // each test file uses what it needs

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::bin;

/// Quotes one argument for `sh`.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// A command line for `sh` running the git-desk binary with `args`.
pub fn desk_line(args: &[&str]) -> String {
    std::iter::once(bin().display().to_string())
        .chain(args.iter().map(|a| a.to_string()))
        .map(|a| shell_quote(&a))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One run on a pseudo-terminal: its size, the keys typed, and the environment.
pub struct Terminal {
    columns: u16,
    rows: u16,
    keys: Vec<String>,
    colour: bool,
    env: Vec<(String, Option<String>)>,
    pause: Duration,
}

impl Default for Terminal {
    fn default() -> Terminal {
        Terminal::new()
    }
}

impl Terminal {
    /// An 80x24 terminal, no colour (`NO_COLOR` set), no pager (`PAGER=cat`), nothing typed.
    pub fn new() -> Terminal {
        Terminal {
            columns: 80,
            rows: 24,
            keys: Vec::new(),
            colour: false,
            env: Vec::new(),
            pause: Duration::from_millis(400),
        }
    }

    /// The terminal's width.
    pub fn columns(mut self, columns: u16) -> Terminal {
        self.columns = columns;
        self
    }

    /// The terminal's height.
    pub fn rows(mut self, rows: u16) -> Terminal {
        self.rows = rows;
        self
    }

    /// Keys typed one after another, a pause before each (`"\r"` is Enter).
    pub fn keys(mut self, keys: &[&str]) -> Terminal {
        self.keys = keys.iter().map(|k| k.to_string()).collect();
        self
    }

    /// With colour allowed (`NO_COLOR` removed).
    pub fn colour(mut self, colour: bool) -> Terminal {
        self.colour = colour;
        self
    }

    /// Sets an environment variable for the command.
    pub fn env(mut self, key: &str, value: &str) -> Terminal {
        self.env.push((key.to_string(), Some(value.to_string())));
        self
    }

    /// Removes an environment variable for the command.
    pub fn env_remove(mut self, key: &str) -> Terminal {
        self.env.push((key.to_string(), None));
        self
    }

    /// Runs `git-desk ARGS` set up by `setup` (a `TestDesk`'s or a clone's), returning
    /// what the terminal showed.
    pub fn run(&self, setup: impl FnOnce(&mut Command), args: &[&str]) -> String {
        self.shell(setup, &desk_line(args))
    }

    /// Runs a line of `sh` (a pipeline, say) on the terminal, returning what it showed.
    pub fn shell(&self, setup: impl FnOnce(&mut Command), line: &str) -> String {
        let sized = format!(
            "stty cols {} rows {} 2>/dev/null; {line}",
            self.columns, self.rows
        );
        let mut cmd = Command::new("script");
        setup(&mut cmd);
        if self.colour {
            cmd.env_remove("NO_COLOR");
        }
        // `less` would wait for a key: no pager unless the test names one.
        cmd.env("PAGER", "cat");
        for (key, value) in &self.env {
            match value {
                Some(v) => cmd.env(key, v),
                None => cmd.env_remove(key),
            };
        }
        cmd.env("TERM", "xterm")
            .args(["-qfec", &sized, "/dev/null"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .expect("script(1) runs (Debian package bsdutils)");
        let mut stdin = child.stdin.take().unwrap();
        let keys = self.keys.clone();
        let pause = self.pause;
        let typist = std::thread::spawn(move || {
            for k in keys {
                std::thread::sleep(pause);
                let _ = stdin.write_all(k.as_bytes());
                let _ = stdin.flush();
            }
            std::thread::sleep(pause);
        });
        let out = child.wait_with_output().unwrap();
        typist.join().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// The lines a terminal showed, with `\r` and escape sequences taken out: what a person
/// reads.
pub fn screen_lines(screen: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut chars = screen.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            match chars.peek() {
                Some('[') => {
                    chars.next();
                    while let Some(&n) = chars.peek() {
                        chars.next();
                        if ('@'..='~').contains(&n) {
                            break;
                        }
                    }
                }
                Some(']') => {
                    for n in chars.by_ref() {
                        if n == '\x07' {
                            break;
                        }
                    }
                }
                _ => {
                    chars.next();
                }
            }
        } else if c != '\r' {
            plain.push(c);
        }
    }
    plain.lines().map(str::to_string).collect()
}

/// Checks that no shown line is wider than `columns` characters.
pub fn assert_fits(screen: &str, columns: usize) {
    for line in screen_lines(screen) {
        assert!(
            line.chars().count() <= columns,
            "a line wider than {columns} columns ({}): {line:?}\n{screen}",
            line.chars().count()
        );
    }
}
