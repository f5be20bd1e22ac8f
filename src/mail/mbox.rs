//! Reading an mbox file one message at a time, so that a mailbox of any size takes no
//! more memory than its largest message.
//!
//! A message starts at a "From " line at the start of the file or after a blank line
//! (RFC 4155); that envelope line is not part of the message. Lines that start with
//! ">From ", ">>From " and so on are un-escaped by one ">" (the mboxrd convention, which
//! also reads mboxo files correctly wherever they escaped).

use std::io::{self, BufRead};

/// The messages of an mbox, in order, each without its envelope line.
pub struct Mbox<R: BufRead> {
    reader: R,
    /// The line being read, reused to save allocations.
    line: Vec<u8>,
    /// Whether the first envelope line has been read.
    started: bool,
    /// Whether the end of the input (or an error) has been reached.
    finished: bool,
}

impl<R: BufRead> Mbox<R> {
    /// Reads messages from `reader`; wrap a file in a `BufReader`.
    pub fn new(reader: R) -> Mbox<R> {
        Mbox {
            reader,
            line: Vec::new(),
            started: false,
            finished: false,
        }
    }

    /// The next line into `self.line`; `false` at the end of the input.
    fn read_line(&mut self) -> io::Result<bool> {
        self.line.clear();
        Ok(self.reader.read_until(b'\n', &mut self.line)? > 0)
    }

    /// Skips blank lines up to the first envelope line.
    fn start(&mut self) -> io::Result<bool> {
        while self.read_line()? {
            if is_blank(&self.line) {
                continue;
            }
            if self.line.starts_with(b"From ") {
                return Ok(true);
            }
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "not an mbox file: it does not start with a \"From \" line",
            ));
        }
        Ok(false)
    }

    /// The lines up to the next envelope line (which is consumed) or the end.
    fn read_message(&mut self) -> io::Result<Vec<u8>> {
        let mut message = Vec::new();
        let mut after_blank = false;
        loop {
            if !self.read_line()? {
                self.finished = true;
                break;
            }
            if after_blank && self.line.starts_with(b"From ") {
                break;
            }
            after_blank = is_blank(&self.line);
            let escaped = self.line.iter().take_while(|&&b| b == b'>').count();
            if escaped > 0 && self.line[escaped..].starts_with(b"From ") {
                message.extend_from_slice(&self.line[1..]);
            } else {
                message.extend_from_slice(&self.line);
            }
        }
        // The blank line before the next envelope line (or at the end of the file)
        // separates messages; it is not part of the one before.
        if message.ends_with(b"\r\n\r\n") {
            message.truncate(message.len() - 2);
        } else if message.ends_with(b"\n\n") {
            message.truncate(message.len() - 1);
        }
        Ok(message)
    }
}

impl<R: BufRead> Iterator for Mbox<R> {
    type Item = io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        if !self.started {
            match self.start() {
                Ok(true) => self.started = true,
                Ok(false) => {
                    self.finished = true;
                    return None;
                }
                Err(e) => {
                    self.finished = true;
                    return Some(Err(e));
                }
            }
        }
        let message = self.read_message();
        if message.is_err() {
            self.finished = true;
        }
        Some(message)
    }
}

fn is_blank(line: &[u8]) -> bool {
    line == b"\n" || line == b"\r\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufReader, Read};

    fn messages(mbox: &[u8]) -> Vec<String> {
        Mbox::new(mbox)
            .map(|m| String::from_utf8(m.unwrap()).unwrap())
            .collect()
    }

    #[test]
    fn splits_on_envelope_lines_and_drops_them() {
        let mbox = b"From ann@example.com Mon Nov 30 09:15:00 2026\n\
From: ann@example.com\nSubject: one\n\nFirst body.\n\n\
From bob@example.com Mon Nov 30 09:16:00 2026\n\
From: bob@example.com\nSubject: two\n\nSecond body.\n\n";
        assert_eq!(
            messages(mbox),
            [
                "From: ann@example.com\nSubject: one\n\nFirst body.\n",
                "From: bob@example.com\nSubject: two\n\nSecond body.\n",
            ]
        );
    }

    #[test]
    fn escaped_from_lines_are_unescaped_once() {
        let mbox = b"From ann@example.com Mon Nov 30 09:15:00 2026\n\
Subject: quoting\n\n\
>From the start of the line.\n\
>>From a quoted line.\n\
> From stays: a space is not an escape.\n\
>Fromage is not an escape either.\n";
        assert_eq!(
            messages(mbox),
            ["Subject: quoting\n\n\
From the start of the line.\n\
>From a quoted line.\n\
> From stays: a space is not an escape.\n\
>Fromage is not an escape either.\n"]
        );
    }

    #[test]
    fn from_after_a_text_line_is_body_not_a_new_message() {
        let mbox = b"From ann@example.com Mon Nov 30 09:15:00 2026\n\
Subject: one\n\nThe mail came\nFrom the vendor yesterday.\n\n\
From bob@example.com Mon Nov 30 09:16:00 2026\n\
Subject: two\n\nx\n";
        let got = messages(mbox);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0],
            "Subject: one\n\nThe mail came\nFrom the vendor yesterday.\n"
        );
        assert_eq!(got[1], "Subject: two\n\nx\n");
    }

    #[test]
    fn crlf_mbox_keeps_crlf_and_drops_the_separating_blank_line() {
        let mbox = b"From a@example.com Mon Nov 30 09:15:00 2026\r\n\
Subject: one\r\n\r\nBody\r\n\r\n\
From b@example.com Mon Nov 30 09:16:00 2026\r\n\
Subject: two\r\n\r\nBody\r\n";
        assert_eq!(
            messages(mbox),
            [
                "Subject: one\r\n\r\nBody\r\n",
                "Subject: two\r\n\r\nBody\r\n"
            ]
        );
    }

    #[test]
    fn messages_parse_as_mail() {
        let mut mbox = b"From a@example.com Mon Nov 30 09:15:00 2026\n".to_vec();
        mbox.extend_from_slice(include_bytes!("../../tests/fixtures/mail/no-from.eml"));
        mbox.extend_from_slice(b"\nFrom b@example.com Mon Nov 30 09:16:00 2026\n");
        mbox.extend_from_slice(include_bytes!(
            "../../tests/fixtures/mail/no-message-id.eml"
        ));
        let subjects: Vec<String> = Mbox::new(&mbox[..])
            .map(|m| crate::mail::message::parse(&m.unwrap()).unwrap().subject)
            .collect();
        assert_eq!(subjects, ["Who am I", "Need a new keyboard"]);
    }

    #[test]
    fn fixture_mbox_gives_three_messages() {
        let raw = include_bytes!("../../tests/fixtures/mail/three.mbox");
        let messages: Vec<crate::mail::message::Message> = Mbox::new(&raw[..])
            .map(|m| crate::mail::message::parse(&m.unwrap()).unwrap())
            .collect();
        let subjects: Vec<&str> = messages.iter().map(|m| m.subject.as_str()).collect();
        assert_eq!(
            subjects,
            ["Need a new keyboard", "Quoting a mail header", "Who am I"]
        );
        assert_eq!(
            messages[1].text,
            "The vendor's message said:\n\
From now on the licence server is license.vendor.example.\n\
From the next release on, the old one is switched off.\n\
>From a quote of a quote.\n\nCarl\n"
        );
        assert_eq!(messages[2].from, None);
    }

    #[test]
    fn empty_input_has_no_messages_and_leading_blank_lines_are_skipped() {
        assert!(messages(b"").is_empty());
        assert!(messages(b"\n\n").is_empty());
        assert_eq!(
            messages(b"\nFrom a@example.com Mon Nov 30 09:15:00 2026\nSubject: x\n\ny\n"),
            ["Subject: x\n\ny\n"]
        );
    }

    #[test]
    fn a_file_that_is_not_an_mbox_is_an_error() {
        let mut mbox = Mbox::new(&b"Subject: not an mbox\n\nbody\n"[..]);
        let err = mbox.next().unwrap().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(err.to_string().contains("not an mbox file"));
        assert!(mbox.next().is_none());
    }

    /// Gives its bytes, then fails: reading past them shows up as an error.
    struct ThenFail<'a>(&'a [u8]);

    impl Read for ThenFail<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("read past the first message"));
            }
            let n = buf.len().min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn reads_one_message_at_a_time() {
        // Everything up to and including the second envelope line, then a failing
        // reader: the first message comes out without reading any further.
        let head = b"From a@example.com Mon Nov 30 09:15:00 2026\nSubject: one\n\nBody\n\n\
From b@example.com Mon Nov 30 09:16:00 2026\n";
        let mut mbox = Mbox::new(BufReader::with_capacity(8, ThenFail(head)));
        assert_eq!(mbox.next().unwrap().unwrap(), b"Subject: one\n\nBody\n");
        let err = mbox.next().unwrap().unwrap_err();
        assert_eq!(err.to_string(), "read past the first message");
        assert!(mbox.next().is_none());
    }
}
