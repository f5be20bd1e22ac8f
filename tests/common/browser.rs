//! A real browser for end-to-end tests of static pages: Debian's Chromium, headless,
//! driven by its chromedriver through the W3C WebDriver HTTP API. Each [`Browser`] has its
//! own chromedriver on a free port of 127.0.0.1 and its own empty profile in the test's
//! temp dir, and is stopped with every process it started when dropped.
//!
//! Why WebDriver and not `chromium --dump-dom`/`--screenshot`: a test must run scripts
//! after the page has loaded, wait for results written by the page's own scripts, type
//! into a search box, and read the console and the network requests of the very page it
//! looked at; one-shot command lines can do none of that. The client is a few lines of
//! HTTP/1.1 over a `TcpStream` with `serde_json`: an async WebDriver crate would bring a
//! runtime for a handful of blocking calls.
//!
//! Nothing leaves the machine: every http(s) and WebSocket request to a host other than
//! loopback goes to a proxy that [`Browser`] runs on 127.0.0.1, which refuses it (and
//! records it), and host names do not resolve. Chromium's performance log (every request
//! of every page, `goog:loggingPrefs`) tells which pages asked for another host, and its
//! browser log the console's errors.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The Debian package Chromium comes from (`.ci/run` installs it).
pub const CHROMIUM_PACKAGE: &str = "chromium";
/// The Debian package chromedriver comes from (`.ci/run` installs it).
pub const DRIVER_PACKAGE: &str = "chromium-driver";
/// A desktop screen.
pub const DESKTOP: Viewport = Viewport {
    width: 1280,
    height: 800,
    mobile: false,
};
/// A phone screen (the CSS pixels of a current iPhone), laid out as on a phone.
pub const PHONE: Viewport = Viewport {
    width: 390,
    height: 844,
    mobile: true,
};
/// The Enter key, for [`Browser::type_into`].
pub const ENTER: &str = "\u{E007}";

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long chromedriver may take to accept connections.
const STARTUP: Duration = Duration::from_secs(20);
/// How long [`Browser::wait_for`] waits for a page to get where a test wants it.
const WAIT: Duration = Duration::from_secs(10);
/// How long one WebDriver call may take (a page load included).
const CALL: Duration = Duration::from_secs(60);

/// The size of the page's viewport for a screenshot, in CSS pixels (one device pixel
/// each), and whether the page is laid out as on a phone (its `<meta name=viewport>`).
#[derive(Clone, Copy, Debug)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
    pub mobile: bool,
}

/// A link that leads nowhere.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct BrokenLink {
    /// The page the link is on (a `file://` URL).
    pub page: String,
    /// Where it leads, resolved (`file:///.../x.html#part`).
    pub href: String,
    /// What is wrong: no such file, or no element with the fragment's id there.
    pub reason: String,
}

/// A request a page made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The page that made it.
    pub page: String,
    /// What it asked for.
    pub url: String,
    /// How it ended: Chromium's error (`net::ERR_...`), or the status of the answer
    /// (`HTTP 200`; `HTTP 403` is the refusing proxy's for a plain http request to
    /// another host); `None` while pending. No answer comes from outside: a request to
    /// another host is refused on this machine.
    pub outcome: Option<String>,
}

/// A headless Chromium under its own chromedriver, with one WebDriver session.
pub struct Browser {
    dir: PathBuf,
    port: u16,
    session: String,
    driver: Child,
    proxy: Proxy,
    /// Every request seen so far, in the order made.
    requests: Vec<Request>,
    /// Where each of them is in `requests`, by Chromium's request id.
    request_ids: HashMap<String, usize>,
    console: Vec<String>,
}

impl Browser {
    /// Starts chromedriver on a free port and a headless Chromium under it, its profile,
    /// and chromedriver's log under `dir/browser`. Fails the test naming the Debian package
    /// when Chromium or chromedriver is missing, and with chromedriver's log when either
    /// does not come up.
    pub fn start(dir: &Path) -> Browser {
        for (program, package) in [(CHROMIUM, CHROMIUM_PACKAGE), (CHROMEDRIVER, DRIVER_PACKAGE)] {
            assert!(
                Path::new(program).exists(),
                "{program} is not installed: the browser tests need Debian's `{package}` \
                 package (`apt-get install {CHROMIUM_PACKAGE} {DRIVER_PACKAGE}`; .ci/run \
                 installs it)"
            );
        }
        let dir = dir.join("browser");
        let profile = dir.join("profile");
        fs::create_dir_all(&profile).expect("create the browser's dirs");
        let proxy = Proxy::start();
        let port = free_port();
        let log = dir.join("chromedriver.log");
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .arg(format!("--log-path={}", log.display()))
            .env("HOME", &dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(dir.join("chromedriver.stderr")).expect("create a log"))
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {CHROMEDRIVER}: {e}"));
        let mut browser = Browser {
            dir,
            port,
            session: String::new(),
            driver,
            proxy,
            requests: Vec::new(),
            request_ids: HashMap::new(),
            console: Vec::new(),
        };
        browser.wait_for_driver();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--window-size=1280,800",
            // Nothing leaves the machine: no name resolves but loopback's, and every
            // request to another host goes to the refusing proxy (loopback bypasses it).
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
            &format!("--proxy-server=http://127.0.0.1:{}", browser.proxy.port),
            &format!("--user-data-dir={}", profile.display()),
        ];
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "pageLoadStrategy": "normal",
                "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
                "goog:loggingPrefs": { "performance": "ALL", "browser": "ALL" },
            }}
        });
        let reply = browser.call("POST", "/session", &capabilities);
        browser.session = reply["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session id from chromedriver: {reply}"))
            .to_string();
        browser
    }

    /// Opens `url` and waits until the page and everything it loads has loaded.
    pub fn open(&mut self, url: &str) {
        self.session_call("POST", "/url", &json!({ "url": url }));
        self.wait_for(
            "the page to finish loading",
            "document.readyState === 'complete'",
        );
        self.read_logs();
    }

    /// Opens the file at `path`.
    pub fn open_file(&mut self, path: &Path) {
        self.open(&file_url(path));
    }

    /// The page's URL now.
    pub fn url(&self) -> String {
        string(self.session_call("GET", "/url", &Value::Null))
    }

    /// The page's title.
    pub fn title(&self) -> String {
        string(self.session_call("GET", "/title", &Value::Null))
    }

    /// The rendered text of the first element matching the CSS selector `css`; fails the
    /// test when there is none.
    pub fn text(&self, css: &str) -> String {
        let text = self.run(
            "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;",
            &[json!(css)],
        );
        match text {
            Value::String(text) => text,
            _ => panic!("no element matches `{css}` on {}", self.url()),
        }
    }

    /// The rendered text of every element matching `css`, in document order.
    pub fn texts(&self, css: &str) -> Vec<String> {
        strings(self.run(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText);",
            &[json!(css)],
        ))
    }

    /// Where every link (`<a href>`, `<area href>`) on the page leads, resolved against
    /// the page, in document order.
    pub fn links(&self) -> Vec<String> {
        strings(self.run(
            "return [...document.querySelectorAll('a[href], area[href]')].map(a => a.href);",
            &[],
        ))
    }

    /// Runs `script` as a function body in the page with `args` as `arguments` and gives
    /// what it returns; fails the test when it throws.
    pub fn run(&self, script: &str, args: &[Value]) -> Value {
        self.session_call(
            "POST",
            "/execute/sync",
            &json!({ "script": script, "args": args }),
        )
    }

    /// Waits until the expression `condition` is true in the page; fails the test with
    /// `what` when it is not within ten seconds.
    pub fn wait_for(&self, what: &str, condition: &str) {
        let script = format!("return !!({condition});");
        let start = Instant::now();
        loop {
            if self.run(&script, &[]) == Value::Bool(true) {
                return;
            }
            if start.elapsed() > WAIT {
                panic!(
                    "waited {WAIT:?} for {what} (`{condition}`) on {}",
                    self.url()
                );
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types `keys` into the first element matching `css` as a person would (focus,
    /// key by key; [`ENTER`] submits a form).
    pub fn type_into(&mut self, css: &str, keys: &str) {
        let element = self.element(css);
        self.session_call(
            "POST",
            &format!("/element/{element}/value"),
            &json!({ "text": keys }),
        );
        self.read_logs();
    }

    /// Clicks the first element matching `css`.
    pub fn click(&mut self, css: &str) {
        let element = self.element(css);
        self.session_call("POST", &format!("/element/{element}/click"), &json!({}));
        self.read_logs();
    }

    /// Follows every link from the page `home` through every HTML page of its folder
    /// (and below) that the links reach, and gives the links that lead nowhere: a
    /// `file://` target that does not exist, a fragment with no element of that id (or
    /// anchor of that name) on its page, or a file the page loads (stylesheet, script,
    /// image) that did not load. Links to other schemes and hosts are not followed
    /// ([`Browser::outside_requests`] tells what the pages fetched).
    pub fn broken_links(&mut self, home: &Path) -> Vec<BrokenLink> {
        let root = home.parent().expect("the home page's folder").to_path_buf();
        let mut queue = vec![file_url(home)];
        let mut seen: HashSet<String> = queue.iter().cloned().collect();
        let mut anchors: HashMap<String, HashSet<String>> = HashMap::new();
        let mut fragments = Vec::new();
        let mut broken = BTreeSet::new();
        self.read_logs();
        let first_request = self.requests.len();
        while let Some(page) = queue.pop() {
            self.open(&page);
            anchors.insert(page.clone(), self.anchors());
            for href in self.links() {
                let Some(rest) = href.strip_prefix("file://") else {
                    continue;
                };
                let (target, fragment) = match rest.split_once('#') {
                    Some((target, fragment)) => (target, Some(fragment)),
                    None => (rest, None),
                };
                let path = PathBuf::from(percent_decode(target.split('?').next().unwrap()));
                let target = format!("file://{target}");
                if !path.exists() {
                    broken.insert(BrokenLink {
                        page: page.clone(),
                        href: href.clone(),
                        reason: format!("no such file: {}", path.display()),
                    });
                    continue;
                }
                let html =
                    path.is_file() && path.extension().is_some_and(|e| e == "html" || e == "htm");
                if html && path.starts_with(&root) && seen.insert(target.clone()) {
                    queue.push(target.clone());
                }
                if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                    fragments.push((page.clone(), href.clone(), target, fragment.to_string()));
                }
            }
        }
        for (page, href, target, fragment) in fragments {
            if !anchors.contains_key(&target) {
                self.open(&target);
                anchors.insert(target.clone(), self.anchors());
            }
            let id = percent_decode(&fragment);
            if !anchors[&target].contains(&id) {
                broken.insert(BrokenLink {
                    page,
                    href,
                    reason: format!("no element with id `{id}` on {target}"),
                });
            }
        }
        self.read_logs();
        for request in &self.requests[first_request..] {
            let failed = request
                .outcome
                .as_deref()
                .filter(|o| o.starts_with("net::ERR_"));
            if let (true, Some(error)) = (request.url.starts_with("file://"), failed) {
                broken.insert(BrokenLink {
                    page: request.page.clone(),
                    href: request.url.clone(),
                    reason: format!("did not load: {error}"),
                });
            }
        }
        broken.into_iter().collect()
    }

    /// Every request the pages opened so far made (the pages themselves included), in
    /// the order made. The browser's own pages (`chrome://`, such as the new tab it
    /// starts with) are not the site's and are left out.
    pub fn requests(&mut self) -> Vec<Request> {
        self.read_logs();
        self.requests
            .iter()
            .filter(|r| !is_browser_page(&r.page))
            .cloned()
            .collect()
    }

    /// Every request the pages opened so far made to a host other than loopback
    /// (`file:`, `data:`, `blob:` and `about:` are local too), in the order made.
    pub fn outside_requests(&mut self) -> Vec<Request> {
        let mut requests = self.requests();
        requests.retain(|r| !is_local(&r.url));
        requests
    }

    /// What reached the refusing proxy: one line per request that tried to leave the
    /// machine (`CONNECT host:443 HTTP/1.1`, `GET http://host/... HTTP/1.1`), the pages'
    /// and Chromium's own (it asks Google's hosts whatever the flags).
    pub fn refused(&self) -> Vec<String> {
        self.proxy.seen.lock().unwrap().clone()
    }

    /// The console's errors (uncaught exceptions, `console.error`, resources that failed
    /// to load) of the pages opened so far, in the order logged.
    pub fn console_errors(&mut self) -> Vec<String> {
        self.read_logs();
        self.console.clone()
    }

    /// Lays the page out in `viewport` and writes what it shows to the PNG file `png`.
    pub fn screenshot(&mut self, viewport: Viewport, png: &Path) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": viewport.width,
                "height": viewport.height,
                "deviceScaleFactor": 1,
                "mobile": viewport.mobile,
            }),
        );
        // The layout for the new size happens on the next frame.
        self.session_call(
            "POST",
            "/execute/async",
            &json!({
                "script": "const done = arguments[0]; \
                           requestAnimationFrame(() => requestAnimationFrame(() => done()));",
                "args": [],
            }),
        );
        let image = string(self.session_call("GET", "/screenshot", &Value::Null));
        let bytes = base64_decode(&image);
        fs::write(png, bytes).unwrap_or_else(|e| panic!("write {}: {e}", png.display()));
    }

    /// chromedriver's log, for a failing test's message.
    pub fn log(&self) -> String {
        let mut log = fs::read_to_string(self.dir.join("chromedriver.stderr")).unwrap_or_default();
        log += &fs::read_to_string(self.dir.join("chromedriver.log")).unwrap_or_default();
        // The log is long; its end says what went wrong.
        let tail = log.len().saturating_sub(20_000);
        let tail = (tail..log.len())
            .find(|&i| log.is_char_boundary(i))
            .unwrap_or(0);
        log[tail..].to_string()
    }

    /// The profile folder (`--user-data-dir`), which every Chromium process of this
    /// browser names on its command line.
    pub fn profile(&self) -> PathBuf {
        self.dir.join("profile")
    }

    /// The ids, and the names of `<a name>`, on the page: where a fragment can lead.
    fn anchors(&self) -> HashSet<String> {
        strings(self.run(
            "return [...document.querySelectorAll('[id]')].map(e => e.id)
                .concat([...document.querySelectorAll('a[name]')].map(a => a.name));",
            &[],
        ))
        .into_iter()
        .collect()
    }

    fn element(&self, css: &str) -> String {
        let found = self.session_call(
            "POST",
            "/element",
            &json!({ "using": "css selector", "value": css }),
        );
        found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element matches `{css}`: {found}"))
            .to_string()
    }

    /// Runs a Chrome DevTools Protocol command in the page.
    fn cdp(&self, command: &str, params: Value) -> Value {
        self.session_call(
            "POST",
            "/goog/cdp/execute",
            &json!({ "cmd": command, "params": params }),
        )
    }

    /// Takes what Chromium logged since the last time (chromedriver hands each entry out
    /// once): requests and their failures, and console errors.
    fn read_logs(&mut self) {
        let perf = self.session_call("POST", "/se/log", &json!({ "type": "performance" }));
        for entry in perf.as_array().into_iter().flatten() {
            let Some(message) = entry["message"].as_str() else {
                continue;
            };
            let Ok(message) = serde_json::from_str::<Value>(message) else {
                continue;
            };
            let params = &message["message"]["params"];
            let id = params["requestId"].as_str().unwrap_or_default().to_string();
            match message["message"]["method"].as_str() {
                Some("Network.requestWillBeSent") => {
                    let page = params["documentURL"].as_str().unwrap_or_default();
                    let url = params["request"]["url"].as_str().unwrap_or_default();
                    self.request_ids.insert(id, self.requests.len());
                    self.requests.push(Request {
                        page: page.to_string(),
                        url: url.to_string(),
                        outcome: None,
                    });
                }
                Some("Network.loadingFailed") => {
                    if let Some(&i) = self.request_ids.get(&id) {
                        let error = params["errorText"].as_str().map(str::to_string);
                        self.requests[i].outcome = error;
                    }
                }
                Some("Network.responseReceived") => {
                    if let Some(&i) = self.request_ids.get(&id) {
                        let status = &params["response"]["status"];
                        self.requests[i].outcome = Some(format!("HTTP {status}"));
                    }
                }
                _ => {}
            }
        }
        let console = self.session_call("POST", "/se/log", &json!({ "type": "browser" }));
        for entry in console.as_array().into_iter().flatten() {
            if entry["level"] == "SEVERE" {
                let message = entry["message"].as_str().unwrap_or_default();
                self.console.push(message.to_string());
            }
        }
    }

    fn session_call(&self, method: &str, path: &str, body: &Value) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    /// One WebDriver command: its `value`, or the test fails with WebDriver's error and
    /// chromedriver's log.
    fn call(&self, method: &str, path: &str, body: &Value) -> Value {
        let body = if body.is_null() {
            String::new()
        } else {
            body.to_string()
        };
        let (status, reply) = http(self.port, method, path, &body).unwrap_or_else(|e| {
            panic!(
                "chromedriver: {method} {path}: {e}\n--- its log\n{}",
                self.log()
            )
        });
        let mut reply: Value = serde_json::from_str(&reply).unwrap_or_else(|e| {
            panic!("chromedriver: {method} {path}: {e} in its reply {reply:?}")
        });
        if status != 200 {
            panic!(
                "chromedriver: {method} {path}: {status} {}\n--- its log\n{}",
                reply["value"],
                self.log()
            );
        }
        reply["value"].take()
    }

    fn wait_for_driver(&mut self) {
        let start = Instant::now();
        loop {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            if let Some(status) = self.driver.try_wait().expect("poll chromedriver") {
                panic!(
                    "chromedriver exited at startup ({status})\n--- its log\n{}",
                    self.log()
                );
            }
            if start.elapsed() > STARTUP {
                panic!(
                    "chromedriver did not accept connections on 127.0.0.1:{} within \
                     {STARTUP:?}\n--- its log\n{}",
                    self.port,
                    self.log()
                );
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ending the session quits Chromium and waits for its processes; then
        // chromedriver's process group goes, Chromium's with it if anything is left.
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = http(self.port, "DELETE", &path, "");
        }
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.driver.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.wait();
    }
}

/// The `file://` URL of `path` (made absolute), bytes outside the safe set
/// percent-encoded.
pub fn file_url(path: &Path) -> String {
    let path = std::path::absolute(path).expect("an absolute path");
    let mut url = String::from("file://");
    for byte in path.as_os_str().as_encoded_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(*byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

/// Width and height of a PNG file, from its header; fails the test when `bytes` are not a
/// PNG (signature, then an `IHDR` chunk whose CRC matches).
pub fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(
        bytes.len() > 33 && bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR",
        "not a PNG file ({} bytes)",
        bytes.len()
    );
    let crc = u32::from_be_bytes(bytes[29..33].try_into().unwrap());
    assert_eq!(crc, crc32fast::hash(&bytes[12..29]), "the PNG header's CRC");
    assert!(
        bytes.ends_with(b"IEND\xaeB`\x82"),
        "the PNG file does not end with IEND"
    );
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    (width, height)
}

fn is_browser_page(url: &str) -> bool {
    ["chrome:", "chrome-untrusted:", "devtools:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// Loopback and the browser's own schemes; everything else is another host.
fn is_local(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    match scheme {
        "file" | "data" | "blob" | "about" | "chrome" | "chrome-untrusted" | "devtools" => true,
        "http" | "https" | "ws" | "wss" => {
            let authority = rest.trim_start_matches('/').split(['/', '?', '#']).next();
            let host = authority
                .unwrap_or_default()
                .rsplit('@')
                .next()
                .unwrap_or_default();
            let host = match host.strip_prefix('[') {
                Some(v6) => v6.split(']').next().unwrap_or_default(),
                None => host.split(':').next().unwrap_or_default(),
            };
            matches!(host, "127.0.0.1" | "localhost" | "::1")
        }
        _ => false,
    }
}

/// Refuses every request that tries to leave the machine, and remembers its first line.
struct Proxy {
    port: u16,
    seen: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Proxy {
    fn start() -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy's port");
        let port = listener.local_addr().expect("the proxy's address").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (seen, stop) = (seen.clone(), stop.clone());
            thread::spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(mut conn) = conn else { continue };
                    // One thread each: a connection Chromium opens ahead of need sends
                    // nothing, and must not hold up the next.
                    let seen = seen.clone();
                    thread::spawn(move || {
                        let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
                        let mut line = String::new();
                        let _ = BufReader::new(&conn).read_line(&mut line);
                        if !line.is_empty() {
                            seen.lock().unwrap().push(line.trim_end().to_string());
                        }
                        let _ = conn.write_all(
                            b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                        );
                    });
                }
            })
        };
        Proxy {
            port,
            seen,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so that it sees the stop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// One HTTP/1.1 request to chromedriver on 127.0.0.1: the status and the body.
fn http(port: u16, method: &str, path: &str, body: &str) -> std::io::Result<(u16, String)> {
    let mut conn = TcpStream::connect(("127.0.0.1", port))?;
    conn.set_read_timeout(Some(CALL))?;
    write!(
        conn,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )?;
    // chromedriver keeps the connection open: read the head, then the body's length.
    let mut reader = BufReader::new(conn);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let bad = || std::io::Error::other(format!("not an HTTP reply: {head:?}"));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(bad)?;
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (key, value) = l.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    };
    let mut body = Vec::new();
    if let Some(length) = header("content-length") {
        let length: usize = length.parse().map_err(|_| bad())?;
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
    } else if header("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let size = usize::from_str_radix(size.split(';').next().unwrap().trim(), 16)
                .map_err(|_| bad())?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        reader.read_to_end(&mut body)?;
    }
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

fn string(value: Value) -> String {
    match value {
        Value::String(s) => s,
        other => panic!("expected a string from chromedriver, got {other}"),
    }
}

fn strings(value: Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.into_iter().map(string).collect(),
        other => panic!("expected a list of strings from the page, got {other}"),
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Standard base64 (WebDriver's screenshots), padding optional.
fn base64_decode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut bits, mut count) = (0u32, 0);
    for c in text
        .bytes()
        .filter(|&c| c != b'=' && !c.is_ascii_whitespace())
    {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c:?}"),
        };
        bits = bits << 6 | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}
