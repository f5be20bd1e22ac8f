//! `import` through the one door: the de-duplication runs inside the change, while the
//! command still shows the summary cache's warnings once, before it.

use crate::common::{ticket_path, TestDesk};

#[test]
fn a_github_import_names_a_broken_file_once_and_still_leaves_out_known_issues() {
    let desk = TestDesk::new();
    let broken = desk.new_ticket("Will be broken", &[]);
    let path = ticket_path(&broken);
    desk.commit_on_desk(
        &path,
        &format!("schema = 1\nid = \"{broken}\"\ntitle = = \"oops\"\n"),
    );
    let file = desk.scratch().join("issues.json");
    std::fs::write(
        &file,
        r#"[{"number": 7, "title": "Login page returns 500"}]"#,
    )
    .unwrap();
    let file = file.to_str().unwrap();
    desk.run_ok(&["import", "--format", "github", file]);
    std::fs::write(
        desk.scratch().join("issues.json"),
        r#"[{"number": 7, "title": "Login page returns 500"}, {"number": 8, "title": "Typo"}]"#,
    )
    .unwrap();

    for (args, verb) in [
        (
            vec!["import", "--format", "github", "-n", file],
            "would import",
        ),
        (vec!["import", "--format", "github", file], "imported"),
    ] {
        let before = desk.commits();
        let out = desk.cmd(&args).assert().success();
        let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert_eq!(stdout, format!("{verb} 1 tickets from {file}\n"));
        assert_eq!(
            stderr.lines().filter(|l| l.contains(path.as_str())).count(),
            1,
            "the broken file is named once: {stderr}"
        );
        assert!(
            stderr.contains(
                "skipped 1 imported before (a ticket has the same external_ref): github#7"
            ),
            "{stderr}"
        );
        let wrote = if verb == "imported" { 1 } else { 0 };
        assert_eq!(desk.commits(), before + wrote);
    }
    assert!(
        desk.last_message()
            .starts_with(&format!("import 1 tickets from {file}\n")),
        "{}",
        desk.last_message()
    );
}
