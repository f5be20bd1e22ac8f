# bash completion for git-desk and for `git desk` (with git's completion).
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
