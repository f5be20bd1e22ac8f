//! What a person actually wrote in a reply: the quoted message, the attribution line
//! above it and the signature below are trimmed, so that a reply becomes a readable
//! comment. And what a reply's subject is about: the Re:/Fwd: prefixes and the desk's
//! tag (`[desk #4f2a9c]`) taken off, or the tag read to find the ticket.

use crate::model::id::ALPHABET;

/// The longest attribution line kept apart from prose ("On Mon, 7 Dec 2026 at 09:00,
/// IT Service Desk <support@example.com> wrote:" is about 80 characters).
const MAX_ATTRIBUTION_CHARS: usize = 300;

/// How many lines after a "From:" line the rest of a quoted header block may take
/// (blank lines not counted: HTML mail turned into text may space them out).
const HEADER_BLOCK_LINES: usize = 6;

/// The reply without what it quotes and without the signature: lines quoted with `>`
/// (and the "On ... wrote:" line that introduces them), everything from an unmarked
/// quote ("On <date>, <name> wrote:", "-----Original Message-----", an Outlook
/// "From:/Sent:/To:/Subject:" block) on, and everything from the signature delimiter
/// "-- " or a "Sent from my iPhone" footer on. Replies written between quoted lines are
/// kept as written; blank lines around the result go, and it has no final line end.
/// When nothing would be left, the whole text is returned (blank lines around it
/// trimmed). Meant for replies: a forwarded message's headers would be cut too.
pub fn reply_text(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut kept: Vec<&str> = Vec::new();
    // Set when quoted lines were dropped since the last kept text, so that the blank
    // lines that framed them do not pile up.
    let mut dropped = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if is_quoted(line) {
            dropped = true;
            i += 1;
            continue;
        }
        if let Some(span) = attribution_at(&lines, i) {
            // Followed by `>` lines: drop the attribution, the quote goes line by line
            // and any answer below it is kept. Otherwise the quote is unmarked (a
            // top-posted reply) and everything from here on is quoted.
            let next = lines[i + span..].iter().find(|l| !l.trim().is_empty());
            if next.is_some_and(|l| is_quoted(l)) {
                dropped = true;
                i += span;
                continue;
            }
            if attribution_has_date(&lines[i..i + span]) {
                break;
            }
        }
        if starts_quoted_block(&lines, i) || is_signature_start(line) {
            break;
        }
        if is_rule(line) && starts_quoted_block(&lines, next_non_blank(&lines, i + 1)) {
            break;
        }
        let blank = line.trim().is_empty();
        if !(blank && dropped && kept.last().is_some_and(|l| l.trim().is_empty())) {
            kept.push(line);
        }
        dropped &= blank;
        i += 1;
    }
    let reply = trim_blank_lines(&kept);
    if reply.is_empty() {
        trim_blank_lines(&lines)
    } else {
        reply
    }
}

fn trim_blank_lines(lines: &[&str]) -> String {
    let start = lines.iter().position(|l| !l.trim().is_empty());
    let end = lines.iter().rposition(|l| !l.trim().is_empty());
    match (start, end) {
        (Some(start), Some(end)) => lines[start..=end].join("\n"),
        _ => String::new(),
    }
}

fn next_non_blank(lines: &[&str], from: usize) -> usize {
    (from..lines.len())
        .find(|&j| !lines[j].trim().is_empty())
        .unwrap_or(lines.len())
}

fn is_quoted(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

/// How many lines (1 or 2: clients wrap long ones) an attribution line at `i` takes.
fn attribution_at(lines: &[&str], i: usize) -> Option<usize> {
    let first = lines[i].trim();
    if first.is_empty() {
        return None;
    }
    if is_attribution(first) {
        return Some(1);
    }
    let second = lines.get(i + 1)?.trim();
    if second.is_empty() || !starts_attribution(first) {
        return None;
    }
    is_attribution(&format!("{first} {second}")).then_some(2)
}

/// "On ..." (English), "Am ..." (German), "Le ..." (French): how the attribution lines
/// of Gmail, Apple Mail and Thunderbird begin.
fn starts_attribution(line: &str) -> bool {
    ["On ", "Am ", "Le "].iter().any(|p| line.starts_with(p))
}

fn is_attribution(line: &str) -> bool {
    if line.chars().count() > MAX_ATTRIBUTION_CHARS {
        return false;
    }
    let english = line.ends_with("wrote:");
    let german = line.starts_with("Am ") && line.contains(" schrieb") && line.ends_with(':');
    let french = line.starts_with("Le ")
        && (line.ends_with("a écrit :")
            || line.ends_with("a écrit\u{a0}:")
            || line.ends_with("a écrit:"));
    english || german || french
}

/// An attribution that dates what it quotes. Only such a line ends the reply when no
/// `>` lines follow: "On Monday the vendor wrote:" in prose does not.
fn attribution_has_date(lines: &[&str]) -> bool {
    let joined = lines.join(" ");
    starts_attribution(joined.trim_start()) && joined.chars().any(|c| c.is_ascii_digit())
}

/// "-----Original Message-----" and its translations, or a quoted header block.
fn starts_quoted_block(lines: &[&str], i: usize) -> bool {
    let Some(line) = lines.get(i) else {
        return false;
    };
    let trimmed = line.trim();
    if is_original_message_line(trimmed) {
        return true;
    }
    if header_field(trimmed, FROM_FIELDS).is_none() {
        return false;
    }
    // Outlook quotes the message it answers under a block of its headers: From, then
    // Sent (or Date), To, Cc, Subject in some order.
    let following = lines[i + 1..]
        .iter()
        .filter(|l| !l.trim().is_empty())
        .take(HEADER_BLOCK_LINES)
        .filter(|l| header_field(l.trim(), HEADER_FIELDS).is_some())
        .count();
    following >= 2
}

fn is_original_message_line(line: &str) -> bool {
    let inner = line.trim_matches(|c: char| c == '-' || c.is_whitespace());
    line.starts_with("---")
        && [
            "Original Message",
            "Ursprüngliche Nachricht",
            "Message d'origine",
            "Mensaje original",
            "Messaggio originale",
            "Oorspronkelijk bericht",
        ]
        .iter()
        .any(|m| inner.eq_ignore_ascii_case(m))
}

const FROM_FIELDS: &[&str] = &["From", "Von", "De", "Van", "Da", "Från", "Fra"];
const HEADER_FIELDS: &[&str] = &[
    "Sent",
    "Date",
    "To",
    "Cc",
    "Subject", // English
    "Gesendet",
    "Datum",
    "An",
    "Betreff", // German
    "Envoyé",
    "À",
    "Objet", // French
    "Enviado",
    "Para",
    "Asunto", // Spanish
    "Verzonden",
    "Aan",
    "Onderwerp", // Dutch
    "Inviato",
    "A",
    "Oggetto", // Italian
    "Skickat",
    "Till",
    "Ämne", // Swedish
];

/// The field name when `line` is "Name: value" (or "Name : value", as French has it)
/// with a name from `names`, optionally in bold as Outlook's text conversion gives it.
fn header_field<'a>(line: &str, names: &[&'a str]) -> Option<&'a str> {
    let line = line.trim_start_matches('*');
    let (name, _) = line.split_once(':')?;
    let name = name.trim_end_matches('*').trim();
    names.iter().find(|n| n.eq_ignore_ascii_case(name)).copied()
}

/// An underscore rule, which Outlook puts above the quoted header block.
fn is_rule(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 10 && line.chars().all(|c| c == '_')
}

fn is_signature_start(line: &str) -> bool {
    // RFC 3676 4.3 says "-- "; many clients drop the trailing space.
    if line == "-- " || line == "--" {
        return true;
    }
    let line = line.trim();
    // Footers mail apps add: short lines, so prose that starts alike is not cut.
    line.chars().count() <= 60
        && ([
            "Sent from my ",
            "Sent from Mail for ",
            "Sent from Outlook",
            "Get Outlook for ",
        ]
        .iter()
        .any(|p| line.starts_with(p))
            || (line.starts_with("Von meinem ") && line.ends_with(" gesendet"))
            || line.starts_with("Envoyé de mon ")
            || line.starts_with("Enviado desde mi "))
}

/// Prefixes mail clients put before a subject they answer or forward, in the
/// languages the desk meets most: Re, Fwd, Fw (English), AW, WG (German), SV, VS
/// (Nordic), Antw (Dutch), TR (French forwards), RV (Spanish forwards), R (Italian).
const PREFIXES: &[&str] = &[
    "re", "fwd", "fw", "aw", "wg", "sv", "vs", "antw", "tr", "rv",
];

/// The subject without reply/forward prefixes ("Re:", "RE:", "Fwd:", "FW:", "AW:",
/// "WG:", "SV:", also "Re[2]:" and "Re :", repeated) and without the desk's tag
/// (`[TAG #ID]`, any case) wherever it stands.
pub fn clean_subject(subject: &str, tag: &str) -> String {
    let mut rest = without_tags(subject, tag);
    loop {
        let trimmed = rest.trim_start();
        match strip_prefix(trimmed) {
            Some(after) => rest = after.to_string(),
            None => {
                rest = trimmed.to_string();
                break;
            }
        }
    }
    rest.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Re: x" gives "x"; "Re[2]: x" and "Re : x" too. `None` when there is no prefix.
fn strip_prefix(subject: &str) -> Option<&str> {
    let word_end = subject
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(subject.len());
    let word = &subject[..word_end];
    if !PREFIXES.iter().any(|p| p.eq_ignore_ascii_case(word)) {
        return None;
    }
    let mut rest = &subject[word_end..];
    // A reply counter: "Re[2]:" or "Re(2):".
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some(inner) = rest.strip_prefix(open) {
            if let Some(end) = inner.find(close) {
                if inner[..end].chars().all(|c| c.is_ascii_digit()) {
                    rest = &inner[end + close.len_utf8()..];
                }
            }
        }
    }
    rest.trim_start_matches([' ', '\u{a0}'])
        .strip_prefix([':', '\u{ff1a}'])
}

/// The id prefix in the desk's tag, lowercased: `[desk #4f2a9c]` gives "4f2a9c". The
/// tag is matched in any case; the id is 4 to 40 characters of the ticket-id alphabet
/// (hex digits included). The first tag wins.
pub fn subject_tag(subject: &str, tag: &str) -> Option<String> {
    tags(subject, tag).next().map(|(_, _, id)| id)
}

fn without_tags(subject: &str, tag: &str) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (start, end, _) in tags(subject, tag) {
        out.push_str(&subject[at..start]);
        out.push(' ');
        at = end;
    }
    out.push_str(&subject[at..]);
    out
}

/// Every well-formed tag in `subject`: (start byte, end byte, lowercased id).
fn tags<'a>(subject: &'a str, tag: &'a str) -> impl Iterator<Item = (usize, usize, String)> + 'a {
    subject.match_indices('[').filter_map(move |(start, _)| {
        let end = start + subject[start..].find(']')?;
        let id = tag_id(&subject[start + 1..end], tag)?;
        Some((start, end + 1, id))
    })
}

/// The id inside "desk #4f2a9c" (the text between the brackets), when it is one.
fn tag_id(inner: &str, tag: &str) -> Option<String> {
    let inner = inner.trim();
    let name = inner.get(..tag.len())?;
    if tag.is_empty() || !name.eq_ignore_ascii_case(tag) {
        return None;
    }
    let id = inner[tag.len()..].trim_start().strip_prefix('#')?.trim();
    let id = id.to_ascii_lowercase();
    let valid = (4..=40).contains(&id.len()) && id.bytes().all(|b| ALPHABET.contains(&b));
    valid.then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_reply_loses_its_wrapped_attribution_and_quote() {
        let text = "Yes, it works again since the restart. Thanks!\n\nHenry\n\n\
On Mon, Dec 7, 2026 at 9:00 AM IT Service Desk <support@example.com>\nwrote:\n\n\
> Your ticket was updated.\n>\n> --\n> IT Service Desk\n";
        assert_eq!(
            reply_text(text),
            "Yes, it works again since the restart. Thanks!\n\nHenry"
        );
    }

    #[test]
    fn gmail_fixture_reply_is_trimmed() {
        let raw = include_bytes!("../../tests/fixtures/mail/gmail-reply.eml");
        let message = crate::mail::message::parse(raw).unwrap();
        assert_eq!(
            reply_text(&message.text),
            "Yes, it works again since the restart. Thanks!\n\nHenry"
        );
    }

    #[test]
    fn outlook_fixture_reply_is_trimmed_at_the_rule() {
        let raw = include_bytes!("../../tests/fixtures/mail/outlook-reply.eml");
        let message = crate::mail::message::parse(raw).unwrap();
        assert_eq!(
            reply_text(&message.text),
            "Hi,\n\nIt still drops after the update, now every 5 minutes.\n\nRegards,\nGrace"
        );
    }

    #[test]
    fn outlook_header_block_without_rule_is_cut() {
        let text = "Done, thanks.\n\nFrom: IT Service Desk <support@example.com>\n\
Sent: Monday, December 7, 2026 9:00 AM\nTo: Grace <grace@example.com>\n\
Subject: [desk #abc123] VPN\n\nPlease try again.\n";
        assert_eq!(reply_text(text), "Done, thanks.");
    }

    #[test]
    fn html_only_replies_are_trimmed_too() {
        // Outlook's header block in paragraphs of their own, under a rule.
        let outlook = b"From: g@example.com\r\nSubject: RE: x\r\n\
Content-Type: text/html; charset=utf-8\r\n\r\n\
<html><body><p class=MsoNormal>Still broken.</p><p class=MsoNormal>Grace</p>\
<div style='border-top:solid #E1E1E1 1.0pt'>\
<p class=MsoNormal><b>From:</b> IT Service Desk &lt;support@example.com&gt;</p>\
<p class=MsoNormal><b>Sent:</b> Monday, December 7, 2026 9:00 AM</p>\
<p class=MsoNormal><b>To:</b> Grace</p>\
<p class=MsoNormal><b>Subject:</b> [desk #abc123] VPN</p></div>\
<p>Please try again.</p></body></html>\r\n";
        let text = crate::mail::message::parse(outlook).unwrap().text;
        assert_eq!(reply_text(&text), "Still broken.\n\nGrace");
        // Gmail's quote is a blockquote: no '>' marks once turned into text.
        let gmail = b"From: h@example.com\r\nSubject: Re: x\r\n\
Content-Type: text/html; charset=utf-8\r\n\r\n\
<div dir=\"ltr\">Works now.</div><br><div class=\"gmail_quote\"><div class=\"gmail_attr\">\
On Mon, Dec 7, 2026 at 9:00 AM IT Service Desk &lt;support@example.com&gt; wrote:<br></div>\
<blockquote class=\"gmail_quote\">Please restart.</blockquote></div>\r\n";
        let text = crate::mail::message::parse(gmail).unwrap().text;
        assert_eq!(reply_text(&text), "Works now.");
    }

    #[test]
    fn german_outlook_block_is_cut() {
        let text = "Erledigt.\n\nVon: IT Service Desk <support@example.com>\n\
Gesendet: Montag, 7. Dezember 2026 09:00\nAn: Jürgen <j@example.de>\nBetreff: VPN\n\nText\n";
        assert_eq!(reply_text(text), "Erledigt.");
    }

    #[test]
    fn a_from_line_in_prose_is_kept() {
        let text = "From: the login page I get error 42.\nIt happens daily.\n";
        assert_eq!(
            reply_text(text),
            "From: the login page I get error 42.\nIt happens daily."
        );
    }

    #[test]
    fn original_message_line_cuts() {
        let text = "Thanks!\n\n-----Original Message-----\nFrom: desk\nOld text\n";
        assert_eq!(reply_text(text), "Thanks!");
        let text = "Danke!\n\n-----Ursprüngliche Nachricht-----\nVon: desk\n";
        assert_eq!(reply_text(text), "Danke!");
    }

    #[test]
    fn german_and_french_attributions_cut() {
        let text =
            "Passt.\n\nAm 07.12.2026 um 09:00 schrieb IT Service Desk <support@example.com>:\n\
Ihr Ticket wurde aktualisiert.\n";
        assert_eq!(reply_text(text), "Passt.");
        let text = "Merci.\n\nLe lun. 7 déc. 2026 à 09:00, IT Service Desk <support@example.com> a écrit :\n\
> Votre ticket a été mis à jour.\n";
        assert_eq!(reply_text(text), "Merci.");
        let text = "Merci.\n\nLe lun. 7 déc. 2026 à 09:00, IT Service Desk\n<support@example.com> a écrit :\n\
> Votre ticket.\n";
        assert_eq!(reply_text(text), "Merci.");
    }

    #[test]
    fn answers_between_quoted_lines_are_kept() {
        let text = "On 12/7/26 9:00 AM, IT Service Desk wrote:\n> Which version?\n\n5.2\n\n\
> Since when?\n\nMonday.\n";
        assert_eq!(reply_text(text), "5.2\n\nMonday.");
    }

    #[test]
    fn prose_that_reads_like_an_attribution_is_kept() {
        let text = "On Monday the vendor wrote:\nwe need to upgrade the VPN client.\n";
        assert_eq!(reply_text(text), text.trim_end());
    }

    #[test]
    fn signatures_and_footers_are_cut() {
        assert_eq!(
            reply_text("Works now.\n\n-- \nGrace Hopper\nContoso\n"),
            "Works now."
        );
        assert_eq!(reply_text("Works now.\n--\nGrace\n"), "Works now.");
        assert_eq!(
            reply_text("Works now.\n\nSent from my iPhone\n"),
            "Works now."
        );
        assert_eq!(reply_text("Geht.\n\nVon meinem iPhone gesendet\n"), "Geht.");
        assert_eq!(reply_text("Ok.\n\nGet Outlook for iOS\n"), "Ok.");
        // A sentence that starts like a footer is prose.
        let prose =
            "Sent from my iPhone the mails arrive twice, from the laptop only once; why is that?";
        assert_eq!(reply_text(prose), prose);
    }

    #[test]
    fn nothing_left_gives_the_whole_text() {
        let text = "> only a quote\n> nothing else\n\n";
        assert_eq!(reply_text(text), "> only a quote\n> nothing else");
        assert_eq!(reply_text(""), "");
    }

    #[test]
    fn crlf_text_is_read_as_lines() {
        assert_eq!(reply_text("Fine.\r\n\r\n> old\r\n"), "Fine.");
    }

    #[test]
    fn clean_subject_strips_prefixes_and_the_tag() {
        let tag = "desk";
        assert_eq!(
            clean_subject("RE: [desk #abc123] VPN drops", tag),
            "VPN drops"
        );
        assert_eq!(
            clean_subject("Re: Fwd: FW: AW: WG: SV: Printer", tag),
            "Printer"
        );
        assert_eq!(clean_subject("Re[2]: Re : Printer", tag), "Printer");
        assert_eq!(clean_subject("[DESK #ABC123] Re: Printer", tag), "Printer");
        assert_eq!(
            clean_subject("Automatic reply: [desk #abc123] VPN", tag),
            "Automatic reply: VPN"
        );
        // Words that merely start like a prefix, and other tags, stay.
        assert_eq!(clean_subject("Report: disk full", tag), "Report: disk full");
        assert_eq!(
            clean_subject("Resend the invoice", tag),
            "Resend the invoice"
        );
        assert_eq!(
            clean_subject("[it-announce] Maintenance", tag),
            "[it-announce] Maintenance"
        );
        assert_eq!(
            clean_subject("[desk #xy] Too short", tag),
            "[desk #xy] Too short"
        );
        assert_eq!(clean_subject("Re:", tag), "");
    }

    #[test]
    fn subject_tag_reads_the_id_prefix() {
        assert_eq!(
            subject_tag("Re: [desk #4f2a9c] VPN", "desk").as_deref(),
            Some("4f2a9c")
        );
        assert_eq!(
            subject_tag("[DESK #4F2A9C] VPN", "desk").as_deref(),
            Some("4f2a9c")
        );
        assert_eq!(
            subject_tag("[Desk#4f2a] VPN", "desk").as_deref(),
            Some("4f2a")
        );
        // Real ticket ids use the whole id alphabet, not only hex digits.
        assert_eq!(
            subject_tag("[desk #0k3xz7m9q2wh4r8t] VPN", "desk").as_deref(),
            Some("0k3xz7m9q2wh4r8t")
        );
        assert_eq!(subject_tag("[desk #4f2] too short", "desk"), None);
        assert_eq!(
            subject_tag(&format!("[desk #{}]", "a".repeat(41)), "desk"),
            None
        );
        assert_eq!(subject_tag("[desk #4f2a9c!] not an id", "desk"), None);
        assert_eq!(subject_tag("[help #4f2a9c] another desk", "desk"), None);
        assert_eq!(subject_tag("[desk] no id", "desk"), None);
        assert_eq!(subject_tag("desk #4f2a9c without brackets", "desk"), None);
        assert_eq!(
            subject_tag("[it] [desk #aaaa] [desk #bbbb]", "desk").as_deref(),
            Some("aaaa")
        );
        assert_eq!(subject_tag("Re: [helpdesk #4f2a9c]", "desk"), None);
    }
}
