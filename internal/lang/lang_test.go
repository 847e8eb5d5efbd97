package lang

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func newDetector(tb testing.TB) *Profiles {
	tb.Helper()
	d, err := New()
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func TestDetect(t *testing.T) {
	d := newDetector(t)
	tests := []struct {
		want, text string
	}{
		{"en", "Microsoft has signed a cloud deal with the Pentagon that is worth more than ten billion dollars, the company said on Friday."},
		{"de", "Jetzt hat Microsoft den Konzern mit mehr als einer Million Mitarbeiter als Kunde für seine Cloud-Dienste an Land gezogen."},
		{"fr", "Huawei et Microsoft viennent d’annoncer un accord de coopération renforcé qui verra le groupe chinois proposer sur son cloud public."},
		{"nl", "Microsoft heeft een grootschalige overeenkomst gesloten met Volkswagen op het gebied van cloud computing."},
		{"vi", "Microsoft ký hợp đồng điện toán đám mây với các chính phủ nước ngoài sau khi giành được JEDI từ tay Amazon"},
		{"es", "Google ha firmado un acuerdo con Telefónica para llevar sus servicios en la nube a los clientes de la empresa en España."},
		{"it", "Amazon Web Services ha annunciato un accordo con la banca per portare i suoi servizi nel cloud, come già fatto da altre aziende."},
		{"pt", "A Microsoft anunciou um acordo com o governo para levar os serviços de nuvem às escolas públicas do país até o fim do ano."},
		{"pl", "Firma Microsoft podpisała umowę z rządem na dostawę usług w chmurze, która jest warta kilka mld zł i ma trwać pięć lat."},
		{"id", "Perusahaan tersebut telah menandatangani kerja sama dengan Google untuk layanan cloud yang akan digunakan oleh para pelanggan di Indonesia."},
		{"tr", "Türk Telekom ve Google bulut hizmetleri için yeni bir anlaşma imzaladı; şirket bu kadar büyük bir yatırım için hazır olduğunu açıkladı."},
		{"ru", "Компания Яндекс заключила соглашение с банком о переходе в облако, сообщили в пресс-службе компании после подписания."},
		{"uk", "Компанія Microsoft підписала угоду з урядом України про перенесення даних у хмару, повідомили у міністерстві цифрової трансформації."},
		{"ja", "マイクロソフトは、トヨタ自動車とクラウドサービスに関する提携を発表した。"},
		{"zh", "微软与中国政府签署了云计算合作协议，将在上海建设新的数据中心。"},
		{"ko", "마이크로소프트는 삼성전자와 클라우드 서비스 협력 계약을 체결했다고 밝혔다."},
		{"ar", "وقعت مايكروسوفت اتفاقية مع الحكومة السعودية لتقديم خدمات الحوسبة السحابية في المملكة."},
		{"fa", "مایکروسافت قراردادی با دولت برای ارائه خدمات ابری در کشور امضا کرد."},
		{"he", "מיקרוסופט חתמה על הסכם ענן עם משרד הביטחון הישראלי."},
		{"el", "Η Microsoft υπέγραψε συμφωνία με την ελληνική κυβέρνηση για υπηρεσίες νέφους."},
		{"th", "ไมโครซอฟท์ลงนามข้อตกลงกับรัฐบาลไทยเพื่อให้บริการคลาวด์"},
		{"hi", "माइक्रोसॉफ्ट ने भारत सरकार के साथ क्लाउड सेवाओं के लिए समझौता किया है।"},
		{"sv", "Microsoft har tecknat ett avtal med den svenska staten om molntjänster som ska levereras under de kommande åren."},
		{"", "12345 !!! ---"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := d.Detect(tt.text)
			if got.Code != tt.want {
				t.Errorf("Detect(%.40q) = %q (%.2f), want %q", tt.text, got.Code, got.Confidence, tt.want)
			}
			// Loading detects from lower-cased text: case must not matter.
			for _, text := range []string{strings.ToLower(tt.text), strings.ToUpper(tt.text)} {
				if other := d.Detect(text); other != got {
					t.Errorf("Detect(%.40q) = %v, but %v before a change of case", text, other, got)
				}
			}
			if got.Confidence < 0 || got.Confidence > 1 {
				t.Errorf("confidence %v out of 0..1", got.Confidence)
			}
		})
	}
}

func TestDetectSeeds(t *testing.T) {
	d := newDetector(t)
	want := map[string]string{"000": "de", "001": "vi", "002": "nl", "003": "fr"}
	files, err := filepath.Glob("../../seeds/*.txt")
	if err != nil || len(files) != 4 {
		t.Fatalf("seeds: %v %v", files, err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got := d.Detect(string(raw))
		if w := want[filepath.Base(f)[:3]]; got.Code != w || got.Confidence < 0.9 {
			t.Errorf("%s: got %s (%.2f), want %s with confidence ≥ 0.9", f, got.Code, got.Confidence, w)
		}
	}
}

func TestLanguagesCoverIssueList(t *testing.T) {
	have := strings.Join(newDetector(t).Languages(), " ")
	for _, code := range strings.Fields("de vi nl fr en es it pt pl id ja zh ru tr ko ar") {
		if !strings.Contains(" "+have+" ", " "+code+" ") {
			t.Errorf("language %s missing from %s", code, have)
		}
	}
}

func BenchmarkDetect(b *testing.B) {
	d := newDetector(b)
	files, _ := filepath.Glob("../../seeds/*.txt")
	var texts []string
	size := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(raw))
		size += len(raw)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			d.Detect(t)
		}
	}
}
