#!/bin/sh
# tests/pagebreak.sh N: writes a plan whose body is pushed down by N
# one-line paragraphs, so that as N grows its heading, a two-line
# paragraph, a footnote and the closing block each cross the foot of a
# page. tests/run.sh sweeps N and checks the page-breaking rules on every
# layout; tests/cases/page-*.yaml keep the cases where a rule had to act.
n=$1
cat <<HEAD
# The page-breaking sweep of tests/pagebreak.sh with $n filler paragraphs.
kind: ke-hoach
issuer: {name: TỈNH ỦY KON TUM, code: TU, place: Kon Tum}
number: 1
date: 2024-05-06
subject: về việc thử ngắt trang
preamble: |-
HEAD
i=1
while [ "$i" -le "$n" ]; do
	printf '  Đoạn đệm số %d của phép thử ngắt trang.\n\n' "$i"
	i=$((i + 1))
done
cat <<'TAIL'
  Đoạn cuối của phần mở đầu.
sections:
  - title: NỘI DUNG KIỂM TRA
    text: >-
      HAIDONG-A phát huy ưu điểm và khắc phục khuyết điểm qua kết quả kiểm
      tra của Đoàn Kiểm tra số 02, Đảng ủy Công an Trung ương, như sau HAIDONG-B
    numbered:
      - >-
        Các cơ quan tham mưu, giúp việc Tỉnh ủy căn cứ Kế hoạch này để cụ thể
        hóa, tổ chức thực hiện CHUTHICH-MARK[^kh]. Định kỳ báo cáo kết quả
        thực hiện về Ban Thường vụ Tỉnh ủy.
      - >-
        Giao Đảng ủy Công an tỉnh chủ trì, phối hợp với các cơ quan liên quan
        theo dõi, đôn đốc việc tổ chức thực hiện Kế hoạch này; báo cáo những
        khó khăn, vướng mắc (nếu có).
footnotes:
  kh: >-
    CHUTHICH-TEXT Kế hoạch số 111-KH/TU, ngày 23-9-2019 của Ban Thường vụ
    Tỉnh ủy về thực hiện Kết luận số 44-KL/TW, ngày 22-01-2019 của Ban Bí thư
    Trung ương Đảng về tiếp tục đẩy mạnh thực hiện Chỉ thị số 09-CT/TW, ngày
    01-12-2011 của Ban Bí thư Trung ương Đảng khóa XI về tăng cường sự lãnh
    đạo của Đảng đối với phong trào toàn dân bảo vệ an ninh Tổ quốc trong tình
    hình mới, và các văn bản hướng dẫn có liên quan; Kế hoạch số 155-KH/TU,
    ngày 05-7-2023 của Ban Thường vụ Tỉnh ủy về phát huy ưu điểm và khắc phục
    khuyết điểm qua kết quả kiểm tra của Đoàn Kiểm tra số 02, Đảng ủy Công an
    Trung ương; Báo cáo số 03-BC/ĐKT, ngày 31-5-2023 của Đoàn Kiểm tra số 02
    về kết quả kiểm tra việc thực hiện Kết luận số 44-KL/TW tại Đảng bộ tỉnh
    Kon Tum, cùng các văn bản chỉ đạo, hướng dẫn của Đảng ủy Công an Trung
    ương về xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc CHUTHICH-END.
signature: {authority: T/M BAN THƯỜNG VỤ, title: PHÓ BÍ THƯ, name: Nguyễn Văn A}
recipients:
  - Các huyện ủy, thành ủy
archive: Văn phòng Tỉnh ủy
TAIL
