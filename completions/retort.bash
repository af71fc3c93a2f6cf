# bash completion for retort(1). Rule and area names come from `retort rules` at
# completion time, so they always match the installed binary.

_retort_rule_names()
{
    "${COMP_WORDS[0]}" rules 2>/dev/null | awk 'NR > 1 { print $1; print $3 }' | sort -u
}

_retort()
{
    local cur prev cmd i
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    local commands="check sign graph inspect rules explain init"

    cmd=check
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            check|sign|graph|inspect|rules|explain|init) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done

    case $prev in
        --format)
            case $cmd in
                rules) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
                graph) COMPREPLY=($(compgen -W "text json dot mermaid" -- "$cur")) ;;
                *) COMPREPLY=($(compgen -W "text concise json sarif github gitlab junit" -- "$cur")) ;;
            esac
            return ;;
        --select|--ignore)
            local prefix=""
            [[ $cur == *,* ]] && prefix=${cur%,*},
            COMPREPLY=($(compgen -P "$prefix" -W "$(_retort_rule_names)" -- "${cur##*,}"))
            return ;;
        --fail-on) COMPREPLY=($(compgen -W "error warning info" -- "$cur")); return ;;
        --dialect) COMPREPLY=($(compgen -W "postgresql sqlite mysql mariadb mssql oracle" -- "$cur")); return ;;
        --hook-type) COMPREPLY=($(compgen -W "console_scripts exec" -- "$cur")); return ;;
        --config|--alembic-ini|--baseline|--write-baseline) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        -n|--name|--base) return ;;
    esac
    if [[ $cmd == explain && $cur != -* ]]; then
        COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" rules 2>/dev/null | awk 'NR > 1 { print $1 }')" -- "$cur"))
        return
    fi

    if [[ $cur == -* ]]; then
        local opts
        case $cmd in
            check) opts="--config --format --select --ignore --fail-on --dialect --alembic-ini
                         --name --base --baseline --write-baseline --quiet --no-color --help" ;;
            sign) opts="--all --force -q --help" ;;
            init) opts="--dry-run --hook-type --alembic-ini --quiet --help" ;;
            rules) opts="--format --config --help" ;;
            *) opts="--format --config --help" ;;
        esac
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        [[ $COMP_CWORD -eq 1 ]] && COMPREPLY+=($(compgen -W "--help --version" -- "$cur"))
        return
    fi
    if [[ $COMP_CWORD -eq 1 ]]; then
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
    fi
    COMPREPLY+=($(compgen -f -- "$cur"))
}

complete -o filenames -F _retort retort
