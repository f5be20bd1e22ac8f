//! `git desk kb`: knowledge-base articles (Level 0): new, ls, show, edit, search.

use anyhow::Result;
use clap::{Args, Subcommand};
use comfy_table::Color;

use git_desk::kb::{self, Article};
use git_desk::model::{TicketId, Tier};
use git_desk::store::Snapshot;
use git_desk::workflow::{clean_labels, Change};
use git_desk::DeskError;

use super::output::{sanitize, sanitize_line};
use super::{usage, Session};

/// Knowledge-base articles: Markdown with TOML front matter in kb/SLUG.md on the desk
/// branch. People read them instead of filing tickets (Level 0 self-service).
#[derive(Args, Debug)]
pub struct KbArgs {
    #[command(subcommand)]
    command: KbCommand,
}

impl KbArgs {
    /// Whether the subcommand prints what may be long (a list, an article, search hits).
    pub fn pages(&self) -> bool {
        matches!(
            self.command,
            KbCommand::Ls(_) | KbCommand::Show(_) | KbCommand::Search(_)
        )
    }
}

#[derive(Subcommand, Debug)]
enum KbCommand {
    /// Write a new article; prints its slug
    ///
    /// The slug (the file name, kb/SLUG.md) comes from the title unless --slug says
    /// otherwise; --edit writes the whole article, front matter and text, in $EDITOR.
    New(NewArgs),
    /// List articles
    #[command(visible_alias = "list")]
    Ls(LsArgs),
    /// Show one article: its front matter, then its text
    Show(ShowArgs),
    /// Edit an article (front matter and text) in $EDITOR
    ///
    /// The edited file is checked before anything is written; `updated` is set to now.
    /// Saving it unchanged writes nothing.
    Edit(EditArgs),
    /// Search articles by words, best match first
    ///
    /// Titles count most, then tags, then the text. Word forms match ("printing" finds
    /// "printer"), and words of three letters or more also match the start of longer ones.
    Search(SearchArgs),
    /// Turn a ticket's root-cause analysis (or its resolution) into an article for Levels
    /// 1 and 2, linked both ways (one commit)
    Publish(PublishArgs),
}

#[derive(Args, Debug)]
struct PublishArgs {
    /// The ticket (any unique prefix), usually a problem with an RCA
    #[arg(value_name = "ID")]
    id: String,
    /// The article's slug (default: from the ticket's title)
    #[arg(long, value_name = "S")]
    slug: Option<String>,
    /// Extra tags (the ticket's labels and service are added)
    #[arg(long = "tag", short = 't', value_name = "T")]
    tags: Vec<String>,
}

/// `kb new`.
#[derive(Args, Debug)]
struct NewArgs {
    /// The title (one line; several words are joined)
    #[arg(value_name = "TITLE")]
    title: Vec<String>,
    /// A tag (repeat, or separate with commas)
    #[arg(long = "tag", short = 't', value_name = "T")]
    tags: Vec<String>,
    /// The tier it is written for: 0 (self-service, anyone) to 4
    #[arg(long, value_name = "N", default_value = "0")]
    tier: String,
    /// public (customers read it on the portal) or internal (staff only); default public
    /// at tiers 0-1, internal above
    #[arg(long, value_name = "V")]
    visibility: Option<String>,
    /// The slug: lower-case letters, digits and dashes (default: from the title)
    #[arg(long, value_name = "S")]
    slug: Option<String>,
    /// The text (Markdown)
    #[arg(
        short = 'm',
        long = "message",
        value_name = "TEXT",
        conflicts_with = "edit",
        allow_hyphen_values = true
    )]
    message: Option<String>,
    /// Write the article in $EDITOR
    #[arg(long)]
    edit: bool,
}

/// `kb ls`.
#[derive(Args, Debug)]
struct LsArgs {
    /// Only articles with this tag
    #[arg(long, value_name = "T")]
    tag: Option<String>,
    /// Print a JSON array of articles (with their text as "body")
    #[arg(long)]
    json: bool,
}

/// `kb show`.
#[derive(Args, Debug)]
struct ShowArgs {
    /// The article's slug
    #[arg(value_name = "SLUG")]
    slug: String,
    /// Print the article as JSON
    #[arg(long)]
    json: bool,
}

/// `kb edit`.
#[derive(Args, Debug)]
struct EditArgs {
    /// The article's slug
    #[arg(value_name = "SLUG")]
    slug: String,
}

/// `kb search`.
#[derive(Args, Debug)]
struct SearchArgs {
    /// The words to look for
    #[arg(value_name = "WORDS", required = true)]
    words: Vec<String>,
    /// At most N articles
    #[arg(long, value_name = "N", default_value_t = 10)]
    limit: usize,
    /// Print a JSON array of {slug, title, score}
    #[arg(long)]
    json: bool,
}

/// Runs a `kb` subcommand.
pub fn run(session: &Session, args: KbArgs) -> Result<()> {
    match args.command {
        KbCommand::New(a) => run_new(session, a),
        KbCommand::Ls(a) => run_ls(session, a),
        KbCommand::Show(a) => run_show(session, a),
        KbCommand::Edit(a) => run_edit(session, a),
        KbCommand::Search(a) => run_search(session, a),
        KbCommand::Publish(a) => run_publish(session, a),
    }
}

fn run_publish(session: &Session, args: PublishArgs) -> Result<()> {
    let desk = session.desk()?;
    let actor = desk.actor()?;
    let now = session.now()?;
    if let Some(slug) = &args.slug {
        if !kb::valid_slug(slug) {
            return Err(kb::invalid_slug(slug).into());
        }
    }
    let change = Change::KbPublish {
        slug: args.slug.clone(),
        tags: clean_labels(args.tags.iter().map(String::as_str))?,
    };
    let outcome = desk.apply(&actor, now, std::slice::from_ref(&args.id), &change, false)?;
    let slug = outcome.slug.expect("publishing writes an article");
    session.out.line(&slug)?;
    session
        .out
        .info(format!("published {}", kb::article_path(&slug)));
    Ok(())
}

const NEW_HELP: &str = "# Fill in the title and tags, write the article below the closing +++ line.\n# Lines starting with '#' above it are left out. An empty title writes nothing.\n";

fn run_new(session: &Session, args: NewArgs) -> Result<()> {
    // Validate everything before opening an editor or writing anything.
    let desk = session.desk()?;
    let actor = desk.actor()?;
    let now = session.now()?;
    let tier: Tier = args.tier.parse()?;
    let visibility = match args.visibility.as_deref() {
        None => kb::Visibility::default_for(tier),
        Some(v) => v.parse().map_err(usage)?,
    };
    let tags = clean_labels(args.tags.iter().map(String::as_str))?;
    if let Some(slug) = &args.slug {
        if !kb::valid_slug(slug) {
            return Err(kb::invalid_slug(slug).into());
        }
    }
    let exists = |snapshot: &Snapshot<'_>, slug: &str| -> Result<bool, DeskError> {
        Ok(snapshot.file(&kb::article_path(slug))?.is_some())
    };
    {
        let snapshot = desk.snapshot()?;
        session.warn_about(&snapshot);
        if let Some(slug) = &args.slug {
            if exists(&snapshot, slug)? {
                return Err(kb::slug_taken(slug).into());
            }
        }
    }
    let title = args.title.join(" ").trim().to_string();
    let mut article = Article::new(
        args.slug.clone().unwrap_or_default(),
        title,
        actor.email.clone(),
        now,
    );
    article.tags = tags;
    article.tier = tier;
    article.visibility = visibility;
    article.body = args.message.clone().unwrap_or_default();
    if args.edit {
        let template = article
            .to_markdown()
            .replacen("+++\n", &format!("+++\n{NEW_HELP}"), 1);
        let written = super::editor::edit(&template, ".md")?;
        let slug = article.slug.clone();
        article = Article::parse(&slug, &written).map_err(|reason| {
            usage(format!(
                "the article is not valid ({reason}): nothing was written"
            ))
        })?;
    } else if article.title.is_empty() {
        return Err(usage(
            "no title given: pass one, e.g. `git desk kb new \"VPN drops after rekey\" -m TEXT` (or --edit)",
        ));
    }
    if article.title.contains('\n') {
        return Err(usage(
            "the title has a line break: keep it to one line and put the rest in -m TEXT",
        ));
    }
    if args.slug.is_none() {
        article.slug = kb::slugify(&article.title);
    }
    let slug = article.slug.clone();
    let path = article.path();
    let title = article.title.clone();
    desk.apply(&actor, now, &[], &Change::KbNew(article), false)?;
    session.out.line(&slug)?;
    session
        .out
        .info(format!("created {path}: {}", sanitize_line(&title)));
    Ok(())
}

/// Every readable article, warning about the broken ones.
pub(super) fn load_all(session: &Session, snapshot: &Snapshot<'_>) -> Result<Vec<Article>> {
    let (articles, broken) = kb::load_all(snapshot)?;
    for b in &broken {
        session.out.warn(b.to_string());
    }
    Ok(articles)
}

fn run_ls(session: &Session, args: LsArgs) -> Result<()> {
    let desk = session.desk()?;
    let snapshot = desk.snapshot()?;
    session.warn_about(&snapshot);
    let mut articles = load_all(session, &snapshot)?;
    if let Some(tag) = &args.tag {
        let tag = tag.trim().to_lowercase();
        articles.retain(|a| a.tags.contains(&tag));
    }
    if args.json {
        let list = articles.iter().map(Article::to_json).collect();
        return Ok(session.out.json(&serde_json::Value::Array(list))?);
    }
    if articles.is_empty() {
        session.out.info(match &args.tag {
            Some(tag) => format!("no knowledge-base articles tagged '{tag}'"),
            None => {
                "no knowledge-base articles yet: write one with `git desk kb new TITLE`".to_string()
            }
        });
        return Ok(());
    }
    let out = &session.out;
    let mut table = out.table(&[
        "SLUG",
        "TIER",
        "VISIBILITY",
        "TAGS",
        "TICKETS",
        "DEFLECTED",
        "TITLE",
    ]);
    for a in &articles {
        table.add_row(out.row(vec![
            out.cell(&a.slug, None),
            out.cell(&format!("L{}", a.tier), None),
            out.cell(a.visibility.as_str(), None),
            out.cell(&a.tags.join(","), None),
            out.cell(&a.tickets.len().to_string(), None),
            out.cell(&a.deflections.len().to_string(), None),
            out.cell(&a.title, None),
        ]));
    }
    out.print_table(&table)?;
    Ok(())
}

fn run_show(session: &Session, args: ShowArgs) -> Result<()> {
    let desk = session.desk()?;
    let snapshot = desk.snapshot()?;
    session.warn_about(&snapshot);
    let article = kb::load(&snapshot, &args.slug)?;
    if args.json {
        return Ok(session.out.json(&article.to_json())?);
    }
    let text = render(session, &snapshot, &article);
    session.out.line(text.trim_end())?;
    Ok(())
}

/// An article as `kb show` prints it: slug and title, front matter, then its text.
pub(super) fn render(session: &Session, snapshot: &Snapshot<'_>, a: &Article) -> String {
    let out = &session.out;
    let field = |name: &str, value: &str| format!("{:<10} {}\n", name, sanitize_line(value));
    let time = |t: &chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
    let mut s = format!(
        "{}  {}\n\n",
        out.paint(&a.slug, Color::Yellow),
        out.paint(&sanitize_line(&a.title), Color::White)
    );
    s.push_str(&field("tier", &snapshot.config.tier_label(a.tier)));
    s.push_str(&field("visibility", a.visibility.as_str()));
    if !a.tags.is_empty() {
        s.push_str(&field("tags", &a.tags.join(", ")));
    }
    if !a.tickets.is_empty() {
        // Short ids where the ticket is on this desk, as typed otherwise.
        let shown: Vec<String> = a
            .tickets
            .iter()
            .map(|t| {
                TicketId::parse(t)
                    .ok()
                    .and_then(|id| snapshot.short_id(&id).ok())
                    .unwrap_or_else(|| t.clone())
            })
            .collect();
        s.push_str(&field("tickets", &shown.join(", ")));
    }
    s.push_str(&field("author", &a.author));
    s.push_str(&field("created", &time(&a.created)));
    s.push_str(&field("updated", &time(&a.updated)));
    if let Some(last) = a.deflections.last() {
        s.push_str(&field(
            "deflected",
            &format!("{} time(s), last {}", a.deflections.len(), time(&last.at)),
        ));
    }
    for (key, value) in &a.extra {
        s.push_str(&field(key, &value.to_string()));
    }
    if !a.body.is_empty() {
        s.push('\n');
        s.push_str(&sanitize(&a.body));
    }
    s
}

fn run_edit(session: &Session, args: EditArgs) -> Result<()> {
    let desk = session.desk()?;
    let actor = desk.actor()?;
    let now = session.now()?;
    let slug = args.slug;
    let before = {
        let snapshot = desk.snapshot()?;
        session.warn_about(&snapshot);
        kb::load(&snapshot, &slug)?
    };
    let written = super::editor::edit(&before.to_markdown(), ".md")?;
    let mut after = Article::parse(&slug, &written).map_err(|reason| {
        usage(format!(
            "the edited article is not valid ({reason}): nothing was written; run `git desk kb edit {slug}` again"
        ))
    })?;
    if after == before {
        session.out.info("nothing changed");
        return Ok(());
    }
    after.updated = now;
    let change = Change::KbEdit {
        before: Box::new(before),
        after: Box::new(after),
    };
    desk.apply(&actor, now, &[], &change, false)?;
    session
        .out
        .info(format!("edited {}", kb::article_path(&slug)));
    Ok(())
}

fn run_search(session: &Session, args: SearchArgs) -> Result<()> {
    let words = args.words.join(" ");
    if words.trim().is_empty() {
        return Err(usage(
            "no search words given: e.g. `git desk kb search printer jam`",
        ));
    }
    if args.limit == 0 {
        return Err(usage("--limit must be at least 1"));
    }
    let desk = session.desk()?;
    let snapshot = desk.snapshot()?;
    session.warn_about(&snapshot);
    // Through the index: the articles as `load_all` reads them, without reading them all.
    let index = kb::KbIndex::of(&snapshot)?;
    for b in index.broken() {
        session.out.warn(b.to_string());
    }
    let mut hits = index.search(&words);
    hits.truncate(args.limit);
    // Two decimals are plenty to compare by, and keep output stable across platforms.
    let rounded = |score: f64| (score * 100.0).round() / 100.0;
    if args.json {
        let list = hits
            .iter()
            .map(|h| {
                serde_json::json!({
                    "slug": h.slug,
                    "title": h.title,
                    "score": rounded(h.score),
                })
            })
            .collect();
        session.out.json(&serde_json::Value::Array(list))?;
    }
    if hits.is_empty() {
        session.out.info(format!(
            "no knowledge-base article matches '{}'",
            sanitize_line(words.trim())
        ));
        return Ok(());
    }
    if args.json {
        return Ok(());
    }
    let out = &session.out;
    let mut table = out.table(&["SCORE", "SLUG", "TITLE"]);
    for h in &hits {
        table.add_row(out.row(vec![
            out.cell(&format!("{:.2}", rounded(h.score)), None),
            out.cell(&h.slug, None),
            out.cell(&h.title, None),
        ]));
    }
    out.print_table(&table)?;
    Ok(())
}
