//! `git desk completions`: shell completion scripts.
//!
//! For bash, zsh and fish the scripts are small and ask the binary at each TAB
//! (`git-desk __complete`, see [`super::complete`]): the grammar comes from the command
//! definitions of the installed binary, so a script never goes stale, and values (ticket
//! ids, teams, article slugs) come from the desk. The protocol between script and binary
//! is ours (words in, one candidate a line out), so a script keeps working across
//! versions; clap_complete's dynamic completion was not used because its protocol and
//! API are unstable (the `unstable-dynamic` feature). Elvish and PowerShell get
//! clap_complete's static scripts (subcommands and options).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use clap_complete::{Generator, Shell};

use super::Session;

/// Print the completion script for a shell, or write it into a directory (the copies in
/// the repository's completions/ are made this way).
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    #[arg(value_name = "SHELL")]
    pub shell: Shell,
    /// Write the script into DIR instead of printing it
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// bash: `_git__desk` for `git-desk ...`, `_git_desk` for git's own completion, which
/// calls it for `git desk ...` (and loads this file by the name git-desk when
/// bash-completion is installed).
const BASH: &str = r#"# bash completion for git-desk and for `git desk` (with git's completion).
# Install: copy to ~/.local/share/bash-completion/completions/git-desk.bash, or source it
# from ~/.bashrc after git's completion. Each TAB runs `git-desk __complete`.

# COMPREPLY for the last of "$@" (the words after the program name).
__git_desk_candidates() {
    local cur="${*: -1}" out i
    out="$(command git-desk __complete bash -- "$@" 2>/dev/null)" || return 0
    case "$out" in
    :files)
        __git_desk_paths=1
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return 0
        ;;
    :dirs)
        __git_desk_paths=1
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        return 0
        ;;
    "")
        COMPREPLY=()
        return 0
        ;;
    esac
    mapfile -t COMPREPLY <<<"$out"
    # `status:` and `impact=` go on in the same word
    if [[ $'\n'"$out" == *[:=]$'\n'* || "$out" == *[:=] ]]; then
        compopt -o nospace 2>/dev/null
    fi
    # bash replaces only what follows the word's last word-break character (: and =)
    for ((i = ${#cur} - 1; i >= 0; i--)); do
        if [[ "$COMP_WORDBREAKS" == *"${cur:i:1}"* ]]; then
            COMPREPLY=("${COMPREPLY[@]#"${cur:0:i+1}"}")
            break
        fi
    done
}

# `git-desk ...`
_git__desk() {
    local cur words cword
    if declare -F _get_comp_words_by_ref >/dev/null; then
        _get_comp_words_by_ref -n =: cur words cword
    else
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    __git_desk_candidates "${words[@]:1:cword-1}" "$cur"
}

# `git desk ...`: git's completion has set words, cword, cur, the index of "desk"
# (__git_cmd_idx) and git's -C options (__git_C_args).
_git_desk() {
    local desk=${__git_cmd_idx:-1} __git_desk_paths="" i
    __git_desk_candidates ${__git_C_args+"${__git_C_args[@]}"} \
        "${words[@]:desk+1:cword-desk-1}" "$cur"
    # git's completion leaves spacing to its callers (nospace): a finished word gets one
    [[ -n $__git_desk_paths ]] && return 0
    for i in "${!COMPREPLY[@]}"; do
        [[ ${COMPREPLY[i]} == *[:=] ]] || COMPREPLY[i]+=" "
    done
}

complete -F _git__desk git-desk
"#;

/// zsh: zsh's git completion calls `_git-desk` for `git desk ...` with `desk` as the
/// first word.
const ZSH: &str = r#"#compdef git-desk
# zsh completion for git-desk and for `git desk` (zsh's git completion calls _git-desk).
# Install: put this file, named _git-desk, in a directory of $fpath before compinit runs.
# Each TAB runs `git-desk __complete`.

_git-desk() {
    local -a args lines spaced unspaced
    local out line value help ret=1
    # words[1] is git-desk, or desk when zsh's git completion hands over `git desk ...`
    args=("${(@Q)words[2,CURRENT-1]}" "${(Q)PREFIX}")
    out="$(command git-desk __complete zsh -- "${args[@]}" 2>/dev/null)" || return 1
    lines=("${(@f)out}")
    case "$lines[1]" in
    (:files) _files; return ;;
    (:dirs) _files -/; return ;;
    esac
    for line in "${lines[@]}"; do
        [[ -n $line ]] || continue
        value="${line%%$'\t'*}"
        help=""
        [[ $line == *$'\t'* ]] && help="${line#*$'\t'}"
        # `status:` and `impact=` go on in the same word
        if [[ $value == *[:=] ]]; then
            unspaced+=("${value//:/\\:}${help:+:$help}")
        else
            spaced+=("${value//:/\\:}${help:+:$help}")
        fi
    done
    (( $#spaced )) && _describe -t values 'git-desk' spaced && ret=0
    (( $#unspaced )) && _describe -t values 'git-desk' unspaced -S '' && ret=0
    return ret
}

if [ "$funcstack[1]" = "_git-desk" ]; then
    _git-desk "$@"
else
    compdef _git-desk git-desk
fi
"#;

/// fish: `git-desk ...`, and `git desk ...` where fish's git completion does not hand it
/// over itself (fish 3.6.0 does not; later versions do).
const FISH: &str = r#"# fish completion for git-desk and for `git desk`.
# Install: copy to ~/.config/fish/completions/git-desk.fish; fish 3.6.1 and later hand
# `git desk ...` to it. With fish 3.6.0, whose git completion does not, copy it to
# ~/.config/fish/conf.d/ instead. Each TAB runs `git-desk __complete`.

# The words after `git-desk`, or after `desk` in `git [OPTIONS] desk ...` (git's -C kept:
# it names the repository); status 1 for another git command.
function __git_desk_words
    set -l words (commandline -opc)
    # printf with no words would print an empty one
    if test "$words[1]" != git
        set -q words[2]
        and printf '%s\n' $words[2..]
        return 0
    end
    set -l i 2
    while set -q words[$i]
        set -l next (math $i + 1)
        switch $words[$i]
            case -C
                printf '%s\n' -C $words[$next]
                set i (math $i + 2)
            case -c --git-dir --work-tree --namespace --config-env
                set i (math $i + 2)
            case desk
                set -q words[$next]
                and printf '%s\n' $words[$next..]
                return 0
            case '-*'
                set i $next
            case '*'
                return 1
        end
    end
    return 1
end

function __git_desk_complete
    set -l args (__git_desk_words)
    or return
    set -l current (commandline -ct)
    set -l out (command git-desk __complete fish -- $args "$current" 2>/dev/null)
    switch "$out[1]"
        case :files
            __fish_complete_path "$current"
        case :dirs
            __fish_complete_directories "$current"
        case '*'
            printf '%s\n' $out
    end
end

# True on `git desk ...` when fish's git completion does not hand it to git-desk's.
function __git_desk_in_git
    if not set -q __git_desk_handed_over
        set -g __git_desk_handed_over no
        complete -c git | string match -q -- '*__fish_git_complete_custom_command desk*'
        and set __git_desk_handed_over yes
    end
    test $__git_desk_handed_over = no
    and __git_desk_words >/dev/null
    and test (commandline -opc)[1] = git
end

complete -c git-desk -f -a '(__git_desk_complete)'
complete -c git -f -n '__fish_git_needs_command' -a desk -d 'Tiered IT-support ticket desk'
complete -c git -f -n '__git_desk_in_git' -a '(__git_desk_complete)'
"#;

pub fn run(session: &Session, args: CompletionsArgs) -> Result<()> {
    // clap_complete panics on a failed write: render first, then write (a closed pipe is
    // an io::Error that main treats as success).
    let script = script(args.shell);
    match args.out {
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let path = dir.join(args.shell.file_name("git-desk"));
            std::fs::write(&path, &script)
                .with_context(|| format!("cannot write {}", path.display()))?;
            session.out.info(format!("wrote {}", path.display()));
        }
        None => std::io::stdout().lock().write_all(&script)?,
    }
    Ok(())
}

/// The completion script for `shell`.
fn script(shell: Shell) -> Vec<u8> {
    match shell {
        Shell::Bash => BASH.as_bytes().to_vec(),
        Shell::Zsh => ZSH.as_bytes().to_vec(),
        Shell::Fish => FISH.as_bytes().to_vec(),
        _ => {
            let mut cmd = super::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cmd, "git-desk", &mut script);
            script
        }
    }
}
