# fish completion for git-desk and for `git desk`.
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
