# bash completion for tlsmatrix                            -*- shell-script -*-
#
# Options come from the program's own --help (so they follow the option
# table: a new option completes as soon as --help lists it); profile ids
# from `tlsmatrix --list-profiles` (honouring a --profile-dir already on
# the line), one id at a time in a comma-separated -p list; formats and
# methods from the lists below; files and directories where the option
# takes one. Installed by `make install` into bash-completion's
# completionsdir (pkg-config), else $(datadir)/bash-completion/completions.

# --format and --method values, as src/cli.c accepts them.
_tlsmatrix_formats="text json md jsonl csv html"
_tlsmatrix_methods="openssl hello"
# STARTTLS protocols for --starttls, as src/starttls.c accepts them.
_tlsmatrix_starttls_protocols="smtp imap pop3 ftp ldap postgres mysql xmpp xmpp-server nntp sieve none auto"

# _tlsmatrix_options CMD: every long option --help mentions.
_tlsmatrix_options()
{
	"$1" --help 2>/dev/null | grep -o -e '--[a-z][a-z0-9-]*' | sort -u
}

# _tlsmatrix_profiles CMD [DIR]: the profile ids (first column of
# --list-profiles, its header line left out).
_tlsmatrix_profiles()
{
	if [ -n "$2" ]; then
		"$1" --no-config --list-profiles --profile-dir "$2" 2>/dev/null
	else
		"$1" --no-config --list-profiles 2>/dev/null
	fi | awk 'NR > 1 && $1 ~ /^[a-z0-9._-]+$/ { print $1 }'
}

_tlsmatrix()
{
	local cur prev cmd dir i words_=("${COMP_WORDS[@]}")
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}
	cmd=${COMP_WORDS[0]}
	COMPREPLY=()

	# --opt=value: complete the value as if it were the next word (bash
	# splits at '=' when COMP_WORDBREAKS holds it, as by default)
	if [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then
		prev=${COMP_WORDS[COMP_CWORD-2]}
	elif [ "$cur" = "=" ]; then
		prev=$prev
		cur=
	elif [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	fi

	case $prev in
	-p|--profiles)
		dir=
		for ((i = 1; i < ${#words_[@]} - 1; i++)); do
			[ "${words_[i]}" = --profile-dir ] && dir=${words_[i+1]}
			case ${words_[i]} in --profile-dir=*)
				dir=${words_[i]#--profile-dir=} ;;
			esac
		done
		local head= last=$cur ids
		if [[ $cur == *,* ]]; then
			head=${cur%,*},
			last=${cur##*,}
		fi
		ids=$(_tlsmatrix_profiles "$cmd" "$dir")
		COMPREPLY=($(compgen -P "$head" -W "$ids" -- "$last"))
		return 0
		;;
	--format)
		COMPREPLY=($(compgen -W "$_tlsmatrix_formats" -- "$cur"))
		return 0
		;;
	--method)
		COMPREPLY=($(compgen -W "$_tlsmatrix_methods" -- "$cur"))
		return 0
		;;
	--starttls)
		COMPREPLY=($(compgen -W "$_tlsmatrix_starttls_protocols" \
		    -- "$cur"))
		return 0
		;;
	--ca-file|-o|--export|--targets|--trace|--diff|--resume)
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null
		return 0
		;;
	--profile-dir|--capture-dir)
		COMPREPLY=($(compgen -d -- "$cur"))
		compopt -o filenames 2>/dev/null
		return 0
		;;
	--dns|--resolve|--samples|--interval|--sni|--timeout|-j|--jobs|\
	--per-address|--repeat|--capture|--capture-count|-P|--ports|--proxy)
		# a value of the user's own: nothing to offer
		return 0
		;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_tlsmatrix_options "$cmd")" \
		    -- "$cur"))
		return 0
	fi
	# --diff's second file, and targets: files and host names are the
	# user's; offer files as the last resort
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [ "${words_[i]}" = --diff ]; then
			COMPREPLY=($(compgen -f -- "$cur"))
			compopt -o filenames 2>/dev/null
			break
		fi
	done
	return 0
}
complete -F _tlsmatrix tlsmatrix
