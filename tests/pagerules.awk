# tests/pagerules.awk: reads a `vanban build -T layout` dump of a
# tests/pagebreak.sh plan and prints one line per broken page-breaking rule.
# Body lines are the 14 pt lines below the top margin; notes are 12 pt.
/^page / { p = $2; next }
/^  y / {
	y = $2 + 0
	n++
	page[n] = p; ypos[n] = y
	body[n] = ($5 ~ /^R14|^B14|^I14|^BI14/) && y > 60
	text[n] = $0
}
END {
	for (i = 1; i <= n; i++) {
		if (ypos[i] > 785.2 + 1)
			printf "line below the bottom margin on page %d: %s\n", page[i], text[i]
		if (text[i] ~ /I\. NỘI DUNG KIỂM TRA/) {
			after = 0
			for (j = i + 1; j <= n; j++)
				if (page[j] == page[i] && body[j] && ypos[j] > ypos[i]) after++
			if (after < 2) printf "heading with %d lines after it at the foot of page %d\n", after, page[i]
		}
		if (text[i] ~ /HAIDONG-A/) pa = page[i]
		if (text[i] ~ /HAIDONG-B/ && page[i] != pa) printf "two-line paragraph split over pages %d and %d\n", pa, page[i]
		if (text[i] ~ /CHUTHICH-MARK/) pm = page[i]
		if (text[i] ~ /CHUTHICH-TEXT/) { pt = page[i]; if (pt != pm) printf "note on page %d, its mark on page %d\n", pt, pm }
		if (text[i] ~ /CHUTHICH-END/ && page[i] != pt && page[i] != pt + 1) printf "note runs beyond the next page\n"
		if (text[i] ~ /Nơi nhận:/) {
			above = 0
			for (j = 1; j < i; j++)
				if (page[j] == page[i] && body[j] && ypos[j] < ypos[i]) above++
			if (above < 2) printf "closing block with %d body lines above it on page %d\n", above, page[i]
		}
	}
}
