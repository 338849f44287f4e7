// bench/pdfjs-text.js FILE.pdf: the text of a PDF as pdf.js (Firefox's
// reader) extracts it, one line per text line, for bench/run.sh to compare
// with the source. Needs pdfjs-dist 3 (npm), which bench/run.sh installs
// into build/pdfjs.
const path = require('path');
const pdfjs = require(path.resolve(__dirname, '../build/pdfjs/node_modules/pdfjs-dist/legacy/build/pdf.js'));

async function main(file) {
	const doc = await pdfjs.getDocument({ url: file, verbosity: 0 }).promise;
	const out = [];
	for (let p = 1; p <= doc.numPages; p++) {
		const page = await doc.getPage(p);
		const tc = await page.getTextContent();
		let line = '';
		for (const it of tc.items) {
			line += it.str;
			if (it.hasEOL) {
				out.push(line);
				line = '';
			}
		}
		if (line) out.push(line);
	}
	process.stdout.write(out.join('\n') + '\n');
}

main(process.argv[2]).catch((e) => {
	process.stderr.write(String(e) + '\n');
	process.exit(1);
});
