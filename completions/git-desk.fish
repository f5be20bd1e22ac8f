# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_git_desk_global_optspecs
    string join \n C= branch= color= q/quiet P/no-pager h/help V/version
end

function __fish_git_desk_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_git_desk_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_git_desk_using_subcommand
    set -l cmd (__fish_git_desk_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c git-desk -n "__fish_git_desk_needs_command" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_needs_command" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_needs_command" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_needs_command" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_needs_command" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_needs_command" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "init" -d 'Create the desk branch with a default desk.toml'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "new" -d 'File a ticket'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "ls" -d 'List tickets matching a query'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "list" -d 'List tickets matching a query'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "show" -d 'Show one ticket with its events and links'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "log" -d 'History: a ticket\'s events, or the desk\'s commits'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "comment" -d 'Add a public update or an internal note'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "assign" -d 'Assign tickets to a person and/or team, or change the owner'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "take" -d 'Assign tickets to yourself'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "status" -d 'Move tickets to a status'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "start" -d 'Start work: status in-progress'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "pend" -d 'Put tickets on hold: status pending, with a reason'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "resolve" -d 'Resolve tickets with a resolution'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "close" -d 'Close resolved tickets'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "reopen" -d 'Reopen resolved or closed tickets'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "escalate" -d 'Escalate tickets up one tier, or to a given tier'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "deescalate" -d 'Hand tickets back down to a lower tier'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "set" -d 'Change fields: impact, urgency, priority, service, type, major, title, labels...'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "link" -d 'Link a ticket to a problem, a duplicate, a related ticket or a KB article'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "edit" -d 'Edit a ticket\'s fields in $EDITOR'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "kb" -d 'Knowledge-base articles (Level 0): new, ls, show, edit, search'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "portal" -d 'The self-service portal (Level 0): build a static site from the desk'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "problem" -d 'Problem records (Level 3): open one from incidents, resolve it with its fix'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "rca" -d 'Record a problem\'s root-cause analysis (Level 3)'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "vendor" -d 'Hand tickets to an outside vendor (Level 4), or move the follow-up date'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "rate" -d 'Record customer satisfaction (1-5) on a resolved ticket'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "report" -d 'The service desk\'s KPIs: tables, JSON, CSV, a weekly chart, an HTML page'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "sla" -d 'SLA clocks per ticket: response and resolution'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "mail" -d 'Take in mail: customers\' messages become tickets, comments and notes'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "sweep" -d 'Apply the escalation rules of desk.toml (for cron)'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "notify" -d 'Send the notices due by mail, each once (for cron)'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "config" -d 'Show or edit desk.toml'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "import" -d 'Import tickets from JSON, CSV or GitHub issues, as one commit'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "export" -d 'Export every ticket as JSON or CSV'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "doctor" -d 'Check the desk and its repository; repair what is safe with --fix'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "pull" -d 'Fetch the remote\'s desk branch and merge it in'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "push" -d 'Push the desk branch (fetching and merging first if the remote moved)'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "sync" -d 'Fetch, merge and push: share the desk both ways'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "merge-driver" -d 'Merge two versions of a ticket file (a git merge driver)'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "verify" -d 'Check a push against the desk\'s rules (a server\'s pre-receive hook)'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "server" -d 'Set up a server repository: install the pre-receive hook running verify'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "demo" -d 'Create a demo desk repository with tickets at every tier'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "man" -d 'Print or write the man pages'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "completions" -d 'Print or write shell completions'
complete -c git-desk -n "__fish_git_desk_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c git-desk -n "__fish_git_desk_using_subcommand init" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand init" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand init" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand init" -l merge-driver -d 'Install `git desk merge-driver` for ticket files, desk.toml and KB articles in this repository'
complete -c git-desk -n "__fish_git_desk_using_subcommand init" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand init" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand init" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l type -d 'incident, request, problem or change' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l impact -d 'high, medium or low' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l urgency -d 'high, medium or low' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l priority -d 'P1-P5, overriding the impact x urgency matrix' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l reason -d 'Why the priority was set by hand' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l service -d 'The affected service' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l site -d 'The site (office) it concerns, one of [sites] in desk.toml' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l tier -d 'The tier it starts at (0-4; default 1, or what a routing rule says)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -s l -l label -d 'A label (repeat, or separate with commas)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l assignee -d 'Assign it at once (email or `me`)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l reporter -d 'Who reported it (default: you)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l owner -d 'The Level 1 owner (default: the first person assigned at tier 0-1)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -s m -l message -d 'The description' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l major -d 'A major incident'
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l edit -d 'Write title and description in $EDITOR'
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l json -d 'Print the filed ticket as JSON (with `suggested_kb`: matching articles)'
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -l no-kb -d 'Do not look for knowledge-base articles that might answer it first'
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand new" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand ls" -l sort -d 'Sort by priority, created, updated, tier, status, id, title, type, impact, urgency, assignee, owner, team, service, customer_updated or site; prefix - to reverse' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand ls" -l limit -d 'At most N tickets' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand ls" -l format -d 'Print each ticket by a template: `{field}` is a field of --json (`{sla.resolution.due}` reaches inside), `{{` and `}}` are braces, `\\t` a tab, `\\n` a newline; e.g. `--format \'{short_id}\\t{priority}\\t{title}\'`' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand ls" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand ls" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand ls" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand ls" -s a -l all -d 'Include resolved and closed tickets'
complete -c git-desk -n "__fish_git_desk_using_subcommand ls" -l ids -d 'Print full ids only, one per line (for piping into --stdin)'
complete -c git-desk -n "__fish_git_desk_using_subcommand ls" -l json -d 'Print a JSON array of tickets'
complete -c git-desk -n "__fish_git_desk_using_subcommand ls" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand ls" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand ls" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand list" -l sort -d 'Sort by priority, created, updated, tier, status, id, title, type, impact, urgency, assignee, owner, team, service, customer_updated or site; prefix - to reverse' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand list" -l limit -d 'At most N tickets' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand list" -l format -d 'Print each ticket by a template: `{field}` is a field of --json (`{sla.resolution.due}` reaches inside), `{{` and `}}` are braces, `\\t` a tab, `\\n` a newline; e.g. `--format \'{short_id}\\t{priority}\\t{title}\'`' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand list" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand list" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand list" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand list" -s a -l all -d 'Include resolved and closed tickets'
complete -c git-desk -n "__fish_git_desk_using_subcommand list" -l ids -d 'Print full ids only, one per line (for piping into --stdin)'
complete -c git-desk -n "__fish_git_desk_using_subcommand list" -l json -d 'Print a JSON array of tickets'
complete -c git-desk -n "__fish_git_desk_using_subcommand list" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand list" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand list" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand show" -l attachment -d 'Write the bytes of attachment N (as numbered under "mail") to stdout' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand show" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand show" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand show" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand show" -l json -d 'Print the ticket (with its events) as JSON'
complete -c git-desk -n "__fish_git_desk_using_subcommand show" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand show" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand show" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand log" -s n -l limit -d 'At most N entries (commits default to 50)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand log" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand log" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand log" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand log" -l json -d 'Print JSON'
complete -c git-desk -n "__fish_git_desk_using_subcommand log" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand log" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand log" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand comment" -s m -l message -d 'The text' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand comment" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand comment" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand comment" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand comment" -l internal -d 'An internal note for staff, not a public update'
complete -c git-desk -n "__fish_git_desk_using_subcommand comment" -l stdin -d 'Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)'
complete -c git-desk -n "__fish_git_desk_using_subcommand comment" -s n -l dry-run -d 'Print what would change and write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand comment" -s y -l yes -d 'Change more than 20 tickets without asking'
complete -c git-desk -n "__fish_git_desk_using_subcommand comment" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand comment" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand comment" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand comment" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand assign" -l to -d 'The assignee\'s email, `me`, or `none`' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand assign" -l team -d 'A team of desk.toml, or `none`' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand assign" -l owner -d 'Make this person the Level 1 owner (single point of contact)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand assign" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand assign" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand assign" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand assign" -l stdin -d 'Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)'
complete -c git-desk -n "__fish_git_desk_using_subcommand assign" -s n -l dry-run -d 'Print what would change and write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand assign" -s y -l yes -d 'Change more than 20 tickets without asking'
complete -c git-desk -n "__fish_git_desk_using_subcommand assign" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand assign" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand assign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand assign" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand take" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand take" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand take" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand take" -l stdin -d 'Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)'
complete -c git-desk -n "__fish_git_desk_using_subcommand take" -s n -l dry-run -d 'Print what would change and write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand take" -s y -l yes -d 'Change more than 20 tickets without asking'
complete -c git-desk -n "__fish_git_desk_using_subcommand take" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand take" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand take" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand take" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand status" -l reason -d 'Why (for pending: customer, vendor, change or problem)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand status" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand status" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand status" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand status" -l stdin -d 'Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)'
complete -c git-desk -n "__fish_git_desk_using_subcommand status" -s n -l dry-run -d 'Print what would change and write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand status" -s y -l yes -d 'Change more than 20 tickets without asking'
complete -c git-desk -n "__fish_git_desk_using_subcommand status" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand status" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand status" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand start" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand start" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand start" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand start" -l stdin -d 'Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)'
complete -c git-desk -n "__fish_git_desk_using_subcommand start" -s n -l dry-run -d 'Print what would change and write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand start" -s y -l yes -d 'Change more than 20 tickets without asking'
complete -c git-desk -n "__fish_git_desk_using_subcommand start" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand start" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand start" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand start" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand pend" -l reason -d 'What it waits for: customer, vendor, change or problem' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand pend" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand pend" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand pend" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand pend" -l stdin -d 'Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)'
complete -c git-desk -n "__fish_git_desk_using_subcommand pend" -s n -l dry-run -d 'Print what would change and write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand pend" -s y -l yes -d 'Change more than 20 tickets without asking'
complete -c git-desk -n "__fish_git_desk_using_subcommand pend" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand pend" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand pend" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand pend" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand resolve" -s r -l resolution -d 'What fixed it' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand resolve" -l code -d 'A resolution code (e.g. fixed, workaround, no-fault, duplicate)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand resolve" -l kb -d 'The knowledge-base article that resolved it' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand resolve" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand resolve" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand resolve" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand resolve" -l stdin -d 'Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)'
complete -c git-desk -n "__fish_git_desk_using_subcommand resolve" -s n -l dry-run -d 'Print what would change and write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand resolve" -s y -l yes -d 'Change more than 20 tickets without asking'
complete -c git-desk -n "__fish_git_desk_using_subcommand resolve" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand resolve" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand resolve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand resolve" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand close" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand close" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand close" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand close" -l stdin -d 'Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)'
complete -c git-desk -n "__fish_git_desk_using_subcommand close" -s n -l dry-run -d 'Print what would change and write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand close" -s y -l yes -d 'Change more than 20 tickets without asking'
complete -c git-desk -n "__fish_git_desk_using_subcommand close" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand close" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand close" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand close" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand reopen" -l reason -d 'Why it is back' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand reopen" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand reopen" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand reopen" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand reopen" -l stdin -d 'Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)'
complete -c git-desk -n "__fish_git_desk_using_subcommand reopen" -s n -l dry-run -d 'Print what would change and write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand reopen" -s y -l yes -d 'Change more than 20 tickets without asking'
complete -c git-desk -n "__fish_git_desk_using_subcommand reopen" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand reopen" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand reopen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand reopen" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand escalate" -l to -d 'The tier to escalate to (0-4); default: one up' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand escalate" -l reason -d 'Why it needs the higher tier' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand escalate" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand escalate" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand escalate" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand escalate" -l stdin -d 'Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)'
complete -c git-desk -n "__fish_git_desk_using_subcommand escalate" -s n -l dry-run -d 'Print what would change and write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand escalate" -s y -l yes -d 'Change more than 20 tickets without asking'
complete -c git-desk -n "__fish_git_desk_using_subcommand escalate" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand escalate" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand escalate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand escalate" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand deescalate" -l to -d 'The tier to hand back to (0-4)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand deescalate" -l reason -d 'Why' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand deescalate" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand deescalate" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand deescalate" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand deescalate" -l stdin -d 'Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)'
complete -c git-desk -n "__fish_git_desk_using_subcommand deescalate" -s n -l dry-run -d 'Print what would change and write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand deescalate" -s y -l yes -d 'Change more than 20 tickets without asking'
complete -c git-desk -n "__fish_git_desk_using_subcommand deescalate" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand deescalate" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand deescalate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand deescalate" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand set" -l reason -d 'Why (required for a priority override)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand set" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand set" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand set" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand set" -l stdin -d 'Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)'
complete -c git-desk -n "__fish_git_desk_using_subcommand set" -s n -l dry-run -d 'Print what would change and write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand set" -s y -l yes -d 'Change more than 20 tickets without asking'
complete -c git-desk -n "__fish_git_desk_using_subcommand set" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand set" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand set" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand link" -l problem -d 'The problem record these incidents belong to' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand link" -l duplicate-of -d 'The ticket these duplicate' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand link" -l related -d 'A related ticket' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand link" -l kb -d 'A knowledge-base article (kb/SLUG.md)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand link" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand link" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand link" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand link" -l stdin -d 'Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)'
complete -c git-desk -n "__fish_git_desk_using_subcommand link" -s n -l dry-run -d 'Print what would change and write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand link" -s y -l yes -d 'Change more than 20 tickets without asking'
complete -c git-desk -n "__fish_git_desk_using_subcommand link" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand link" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand link" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand link" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand edit" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand edit" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand edit" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand edit" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand edit" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand edit" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and not __fish_seen_subcommand_from new ls list show edit search publish help" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and not __fish_seen_subcommand_from new ls list show edit search publish help" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and not __fish_seen_subcommand_from new ls list show edit search publish help" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and not __fish_seen_subcommand_from new ls list show edit search publish help" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and not __fish_seen_subcommand_from new ls list show edit search publish help" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and not __fish_seen_subcommand_from new ls list show edit search publish help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and not __fish_seen_subcommand_from new ls list show edit search publish help" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and not __fish_seen_subcommand_from new ls list show edit search publish help" -f -a "new" -d 'Write a new article; prints its slug'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and not __fish_seen_subcommand_from new ls list show edit search publish help" -f -a "ls" -d 'List articles'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and not __fish_seen_subcommand_from new ls list show edit search publish help" -f -a "list" -d 'List articles'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and not __fish_seen_subcommand_from new ls list show edit search publish help" -f -a "show" -d 'Show one article: its front matter, then its text'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and not __fish_seen_subcommand_from new ls list show edit search publish help" -f -a "edit" -d 'Edit an article (front matter and text) in $EDITOR'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and not __fish_seen_subcommand_from new ls list show edit search publish help" -f -a "search" -d 'Search articles by words, best match first'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and not __fish_seen_subcommand_from new ls list show edit search publish help" -f -a "publish" -d 'Turn a ticket\'s root-cause analysis (or its resolution) into an article for Levels 1 and 2, linked both ways (one commit)'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and not __fish_seen_subcommand_from new ls list show edit search publish help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from new" -s t -l tag -d 'A tag (repeat, or separate with commas)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from new" -l tier -d 'The tier it is written for: 0 (self-service, anyone) to 4' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from new" -l visibility -d 'public (customers read it on the portal) or internal (staff only); default public at tiers 0-1, internal above' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from new" -l slug -d 'The slug: lower-case letters, digits and dashes (default: from the title)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from new" -s m -l message -d 'The text (Markdown)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from new" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from new" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from new" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from new" -l edit -d 'Write the article in $EDITOR'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from new" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from ls" -l tag -d 'Only articles with this tag' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from ls" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from ls" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from ls" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from ls" -l json -d 'Print a JSON array of articles (with their text as "body")'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from ls" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from list" -l tag -d 'Only articles with this tag' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from list" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from list" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from list" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from list" -l json -d 'Print a JSON array of articles (with their text as "body")'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from list" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from show" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from show" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from show" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from show" -l json -d 'Print the article as JSON'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from show" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from edit" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from edit" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from edit" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from edit" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from search" -l limit -d 'At most N articles' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from search" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from search" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from search" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from search" -l json -d 'Print a JSON array of {slug, title, score}'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from search" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from search" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from search" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from search" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from publish" -l slug -d 'The article\'s slug (default: from the ticket\'s title)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from publish" -s t -l tag -d 'Extra tags (the ticket\'s labels and service are added)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from publish" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from publish" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from publish" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from publish" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from publish" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from publish" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from publish" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from help" -f -a "new" -d 'Write a new article; prints its slug'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List articles'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one article: its front matter, then its text'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Edit an article (front matter and text) in $EDITOR'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from help" -f -a "search" -d 'Search articles by words, best match first'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from help" -f -a "publish" -d 'Turn a ticket\'s root-cause analysis (or its resolution) into an article for Levels 1 and 2, linked both ways (one commit)'
complete -c git-desk -n "__fish_git_desk_using_subcommand kb; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and not __fish_seen_subcommand_from build help" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and not __fish_seen_subcommand_from build help" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and not __fish_seen_subcommand_from build help" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and not __fish_seen_subcommand_from build help" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and not __fish_seen_subcommand_from build help" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and not __fish_seen_subcommand_from build help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and not __fish_seen_subcommand_from build help" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and not __fish_seen_subcommand_from build help" -f -a "build" -d 'Write the portal into a folder: static files any web host serves, or open from disk'
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and not __fish_seen_subcommand_from build help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and __fish_seen_subcommand_from build" -l base-url -d 'The address the site will be served from, for pages\' canonical links (links between pages stay relative)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and __fish_seen_subcommand_from build" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and __fish_seen_subcommand_from build" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and __fish_seen_subcommand_from build" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and __fish_seen_subcommand_from build" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and __fish_seen_subcommand_from build" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and __fish_seen_subcommand_from build" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and __fish_seen_subcommand_from build" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and __fish_seen_subcommand_from help" -f -a "build" -d 'Write the portal into a folder: static files any web host serves, or open from disk'
complete -c git-desk -n "__fish_git_desk_using_subcommand portal; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and not __fish_seen_subcommand_from new resolve help" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and not __fish_seen_subcommand_from new resolve help" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and not __fish_seen_subcommand_from new resolve help" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and not __fish_seen_subcommand_from new resolve help" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and not __fish_seen_subcommand_from new resolve help" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and not __fish_seen_subcommand_from new resolve help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and not __fish_seen_subcommand_from new resolve help" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and not __fish_seen_subcommand_from new resolve help" -f -a "new" -d 'Open a problem record from incidents and link them both ways (one commit)'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and not __fish_seen_subcommand_from new resolve help" -f -a "resolve" -d 'Resolve a problem with its fix; --resolve-incidents resolves its open incidents too, in the same commit'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and not __fish_seen_subcommand_from new resolve help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from new" -l from -d 'The incidents it causes (any unique prefixes)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from new" -s m -l message -d 'What is known so far' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from new" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from new" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from new" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from new" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from resolve" -l fix -d 'The permanent fix' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from resolve" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from resolve" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from resolve" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from resolve" -l resolve-incidents -d 'Also resolve the linked incidents still open, with the fix as their resolution'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from resolve" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from resolve" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from resolve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from resolve" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from help" -f -a "new" -d 'Open a problem record from incidents and link them both ways (one commit)'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from help" -f -a "resolve" -d 'Resolve a problem with its fix; --resolve-incidents resolves its open incidents too, in the same commit'
complete -c git-desk -n "__fish_git_desk_using_subcommand problem; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c git-desk -n "__fish_git_desk_using_subcommand rca" -l symptoms -d 'What users saw' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand rca" -l root-cause -d 'Why it happened' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand rca" -l workaround -d 'How to live with it until it is fixed' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand rca" -l fix -d 'The permanent fix' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand rca" -l method -d 'How the cause was found (5 whys, fishbone, log analysis...)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand rca" -l reproduced -d 'Whether it was reproduced: yes or no' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand rca" -l known-error -d 'Whether it is a known error: yes or no' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand rca" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand rca" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand rca" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand rca" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand rca" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand rca" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand rca" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand vendor" -l name -d 'The vendor' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand vendor" -l ref -d 'The vendor\'s ticket reference' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand vendor" -l contract -d 'The support contract' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand vendor" -l follow-up -d 'When to chase the vendor (YYYY-MM-DD)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand vendor" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand vendor" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand vendor" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand vendor" -l stdin -d 'Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)'
complete -c git-desk -n "__fish_git_desk_using_subcommand vendor" -s n -l dry-run -d 'Print what would change and write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand vendor" -s y -l yes -d 'Change more than 20 tickets without asking'
complete -c git-desk -n "__fish_git_desk_using_subcommand vendor" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand vendor" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand vendor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand vendor" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand rate" -s m -l message -d 'What the customer said' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand rate" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand rate" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand rate" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand rate" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand rate" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand rate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand rate" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand report" -l since -d 'Start of the window (YYYY-MM-DD or RFC 3339; default: 30 days before --until)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand report" -l until -d 'End of the window, exclusive (default: now)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand report" -l by -d 'Also per tier, team, service, priority, site or week (of filing)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand report" -l html -d 'Write a self-contained HTML page with charts to FILE instead of the text report (--json and --csv still print)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand report" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand report" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand report" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand report" -l json -d 'Print JSON: {"window", "metrics", "groups"...}'
complete -c git-desk -n "__fish_git_desk_using_subcommand report" -l csv -d 'Print CSV: group, metric, value, numerator, denominator, durations'
complete -c git-desk -n "__fish_git_desk_using_subcommand report" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand report" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand report" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand sla" -l at -d 'Evaluate at this time instead of now (RFC 3339 or YYYY-MM-DD)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand sla" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand sla" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand sla" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand sla" -s a -l all -d 'Include resolved and closed tickets'
complete -c git-desk -n "__fish_git_desk_using_subcommand sla" -l json -d 'Print a JSON array: {id, short_id, priority, response, resolution}'
complete -c git-desk -n "__fish_git_desk_using_subcommand sla" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand sla" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand sla" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand sla" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and not __fish_seen_subcommand_from ingest help" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and not __fish_seen_subcommand_from ingest help" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and not __fish_seen_subcommand_from ingest help" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and not __fish_seen_subcommand_from ingest help" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and not __fish_seen_subcommand_from ingest help" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and not __fish_seen_subcommand_from ingest help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and not __fish_seen_subcommand_from ingest help" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and not __fish_seen_subcommand_from ingest help" -f -a "ingest" -d 'Take in mail: one message on stdin (an MTA\'s pipe, procmail), an mbox or a Maildir'
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and not __fish_seen_subcommand_from ingest help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and __fish_seen_subcommand_from ingest" -l mbox -d 'Read every message of this mbox file instead of one message on stdin' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and __fish_seen_subcommand_from ingest" -l maildir -d 'Read every message in DIR/new, moving each to DIR/cur once committed' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and __fish_seen_subcommand_from ingest" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and __fish_seen_subcommand_from ingest" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and __fish_seen_subcommand_from ingest" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and __fish_seen_subcommand_from ingest" -l json -d 'Print what happened to each message as JSON'
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and __fish_seen_subcommand_from ingest" -l dry-run -d 'Show what would happen; write nothing, move nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and __fish_seen_subcommand_from ingest" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and __fish_seen_subcommand_from ingest" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and __fish_seen_subcommand_from ingest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and __fish_seen_subcommand_from ingest" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "ingest" -d 'Take in mail: one message on stdin (an MTA\'s pipe, procmail), an mbox or a Maildir'
complete -c git-desk -n "__fish_git_desk_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c git-desk -n "__fish_git_desk_using_subcommand sweep" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand sweep" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand sweep" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand sweep" -s n -l dry-run -d 'Print what would change and write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand sweep" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand sweep" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand sweep" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand sweep" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand notify" -l sendmail -d 'Hand each notice to this command, which reads the message on its input [default: "sendmail -t -i"]' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand notify" -l smtp -d 'Send through an SMTP server, STARTTLS when offered (password from DESK_SMTP_PASSWORD)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand notify" -l outbox -d 'Write each notice as a .eml file into this directory' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand notify" -l remote -d 'The remote the claims are pushed to before sending (default: git config desk.remote, else origin when it exists; none: local claims only)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand notify" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand notify" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand notify" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand notify" -s n -l dry-run -d 'Print what would be sent; claim, send and write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand notify" -l json -d 'List the notices as JSON (ticket, kind, to, message_id, subject, result)'
complete -c git-desk -n "__fish_git_desk_using_subcommand notify" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand notify" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand notify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand notify" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and not __fish_seen_subcommand_from show edit help" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and not __fish_seen_subcommand_from show edit help" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and not __fish_seen_subcommand_from show edit help" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and not __fish_seen_subcommand_from show edit help" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and not __fish_seen_subcommand_from show edit help" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and not __fish_seen_subcommand_from show edit help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and not __fish_seen_subcommand_from show edit help" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and not __fish_seen_subcommand_from show edit help" -f -a "show" -d 'Print desk.toml as committed (--json: as JSON, with the file\'s field names)'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and not __fish_seen_subcommand_from show edit help" -f -a "edit" -d 'Edit desk.toml in $EDITOR; it is validated and committed only if valid'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and not __fish_seen_subcommand_from show edit help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from show" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from show" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Print JSON'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from show" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from edit" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from edit" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from edit" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from edit" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print desk.toml as committed (--json: as JSON, with the file\'s field names)'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Edit desk.toml in $EDITOR; it is validated and committed only if valid'
complete -c git-desk -n "__fish_git_desk_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c git-desk -n "__fish_git_desk_using_subcommand import" -l format -d 'json, csv or github (default: from the file\'s extension; a .json file of GitHub issues is read as github)' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand import" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand import" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand import" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand import" -s n -l dry-run -d 'Check the file and say what would be imported; write nothing'
complete -c git-desk -n "__fish_git_desk_using_subcommand import" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand import" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand import" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand export" -l format -d 'json or csv' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand export" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand export" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand export" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand export" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand export" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand export" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand doctor" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand doctor" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand doctor" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand doctor" -l fix -d 'Repair what is safe, and say what needs a person'
complete -c git-desk -n "__fish_git_desk_using_subcommand doctor" -l json -d 'Print the problems and a summary as JSON'
complete -c git-desk -n "__fish_git_desk_using_subcommand doctor" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand doctor" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand pull" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand pull" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand pull" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand pull" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand pull" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand pull" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand pull" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand push" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand push" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand push" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand push" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand push" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand push" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand push" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand sync" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand sync" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand sync" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand sync" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand sync" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand sync" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand merge-driver" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand merge-driver" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand merge-driver" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand merge-driver" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand merge-driver" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand merge-driver" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand merge-driver" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand verify" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand verify" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand verify" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand verify" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand verify" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand verify" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and not __fish_seen_subcommand_from install help" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and not __fish_seen_subcommand_from install help" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and not __fish_seen_subcommand_from install help" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and not __fish_seen_subcommand_from install help" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and not __fish_seen_subcommand_from install help" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and not __fish_seen_subcommand_from install help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and not __fish_seen_subcommand_from install help" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and not __fish_seen_subcommand_from install help" -f -a "install" -d 'Write a pre-receive hook running `git desk verify` into a (bare) repository'
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and not __fish_seen_subcommand_from install help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and __fish_seen_subcommand_from install" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and __fish_seen_subcommand_from install" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and __fish_seen_subcommand_from install" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and __fish_seen_subcommand_from install" -l force -d 'Replace a pre-receive hook git-desk did not write (kept as pre-receive.before-git-desk)'
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and __fish_seen_subcommand_from install" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and __fish_seen_subcommand_from install" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and __fish_seen_subcommand_from install" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and __fish_seen_subcommand_from help" -f -a "install" -d 'Write a pre-receive hook running `git desk verify` into a (bare) repository'
complete -c git-desk -n "__fish_git_desk_using_subcommand server; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c git-desk -n "__fish_git_desk_using_subcommand demo" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand demo" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand demo" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand demo" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand demo" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand demo" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand man" -l out -d 'Write man1/git-desk.1 and man1/git-desk-COMMAND.1 into DIR instead of printing' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand man" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand man" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand man" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand man" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand man" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand man" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand completions" -l out -d 'Write the script into DIR instead of printing it' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand completions" -s C -d 'Run as if started in PATH (like git -C)' -r -F
complete -c git-desk -n "__fish_git_desk_using_subcommand completions" -l branch -d 'The desk branch (default: git config desk.branch, else "desk")' -r
complete -c git-desk -n "__fish_git_desk_using_subcommand completions" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour'
never\t'Never colour'"
complete -c git-desk -n "__fish_git_desk_using_subcommand completions" -s q -l quiet -d 'Print only what was asked for (ids, tables, JSON), no progress or confirmations'
complete -c git-desk -n "__fish_git_desk_using_subcommand completions" -s P -l no-pager -d 'Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager, core.pager, PAGER, else less)'
complete -c git-desk -n "__fish_git_desk_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-desk -n "__fish_git_desk_using_subcommand completions" -s V -l version -d 'Print version'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "init" -d 'Create the desk branch with a default desk.toml'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "new" -d 'File a ticket'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "ls" -d 'List tickets matching a query'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "show" -d 'Show one ticket with its events and links'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "log" -d 'History: a ticket\'s events, or the desk\'s commits'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "comment" -d 'Add a public update or an internal note'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "assign" -d 'Assign tickets to a person and/or team, or change the owner'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "take" -d 'Assign tickets to yourself'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "status" -d 'Move tickets to a status'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "start" -d 'Start work: status in-progress'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "pend" -d 'Put tickets on hold: status pending, with a reason'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "resolve" -d 'Resolve tickets with a resolution'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "close" -d 'Close resolved tickets'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "reopen" -d 'Reopen resolved or closed tickets'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "escalate" -d 'Escalate tickets up one tier, or to a given tier'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "deescalate" -d 'Hand tickets back down to a lower tier'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "set" -d 'Change fields: impact, urgency, priority, service, type, major, title, labels...'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "link" -d 'Link a ticket to a problem, a duplicate, a related ticket or a KB article'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "edit" -d 'Edit a ticket\'s fields in $EDITOR'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "kb" -d 'Knowledge-base articles (Level 0): new, ls, show, edit, search'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "portal" -d 'The self-service portal (Level 0): build a static site from the desk'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "problem" -d 'Problem records (Level 3): open one from incidents, resolve it with its fix'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "rca" -d 'Record a problem\'s root-cause analysis (Level 3)'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "vendor" -d 'Hand tickets to an outside vendor (Level 4), or move the follow-up date'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "rate" -d 'Record customer satisfaction (1-5) on a resolved ticket'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "report" -d 'The service desk\'s KPIs: tables, JSON, CSV, a weekly chart, an HTML page'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "sla" -d 'SLA clocks per ticket: response and resolution'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "mail" -d 'Take in mail: customers\' messages become tickets, comments and notes'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "sweep" -d 'Apply the escalation rules of desk.toml (for cron)'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "notify" -d 'Send the notices due by mail, each once (for cron)'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "config" -d 'Show or edit desk.toml'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "import" -d 'Import tickets from JSON, CSV or GitHub issues, as one commit'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "export" -d 'Export every ticket as JSON or CSV'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "doctor" -d 'Check the desk and its repository; repair what is safe with --fix'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "pull" -d 'Fetch the remote\'s desk branch and merge it in'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "push" -d 'Push the desk branch (fetching and merging first if the remote moved)'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "sync" -d 'Fetch, merge and push: share the desk both ways'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "merge-driver" -d 'Merge two versions of a ticket file (a git merge driver)'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "verify" -d 'Check a push against the desk\'s rules (a server\'s pre-receive hook)'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "server" -d 'Set up a server repository: install the pre-receive hook running verify'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "demo" -d 'Create a demo desk repository with tickets at every tier'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "man" -d 'Print or write the man pages'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "completions" -d 'Print or write shell completions'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and not __fish_seen_subcommand_from init new ls show log comment assign take status start pend resolve close reopen escalate deescalate set link edit kb portal problem rca vendor rate report sla mail sweep notify config import export doctor pull push sync merge-driver verify server demo man completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and __fish_seen_subcommand_from kb" -f -a "new" -d 'Write a new article; prints its slug'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and __fish_seen_subcommand_from kb" -f -a "ls" -d 'List articles'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and __fish_seen_subcommand_from kb" -f -a "show" -d 'Show one article: its front matter, then its text'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and __fish_seen_subcommand_from kb" -f -a "edit" -d 'Edit an article (front matter and text) in $EDITOR'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and __fish_seen_subcommand_from kb" -f -a "search" -d 'Search articles by words, best match first'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and __fish_seen_subcommand_from kb" -f -a "publish" -d 'Turn a ticket\'s root-cause analysis (or its resolution) into an article for Levels 1 and 2, linked both ways (one commit)'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and __fish_seen_subcommand_from portal" -f -a "build" -d 'Write the portal into a folder: static files any web host serves, or open from disk'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and __fish_seen_subcommand_from problem" -f -a "new" -d 'Open a problem record from incidents and link them both ways (one commit)'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and __fish_seen_subcommand_from problem" -f -a "resolve" -d 'Resolve a problem with its fix; --resolve-incidents resolves its open incidents too, in the same commit'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and __fish_seen_subcommand_from mail" -f -a "ingest" -d 'Take in mail: one message on stdin (an MTA\'s pipe, procmail), an mbox or a Maildir'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print desk.toml as committed (--json: as JSON, with the file\'s field names)'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "edit" -d 'Edit desk.toml in $EDITOR; it is validated and committed only if valid'
complete -c git-desk -n "__fish_git_desk_using_subcommand help; and __fish_seen_subcommand_from server" -f -a "install" -d 'Write a pre-receive hook running `git desk verify` into a (bare) repository'
