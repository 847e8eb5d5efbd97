package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dealscope/dealscope/internal/article"
	"github.com/dealscope/dealscope/internal/lang"
)

type fixture struct {
	parser   *article.Parser
	detector *lang.Profiles
	x        *Extractor
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	p, err := article.NewParser()
	if err != nil {
		tb.Fatal(err)
	}
	d, err := lang.New()
	if err != nil {
		tb.Fatal(err)
	}
	x, err := New()
	if err != nil {
		tb.Fatal(err)
	}
	return &fixture{p, d, x}
}

func (f *fixture) extract(tb testing.TB, name string, raw []byte) (*article.Article, Result) {
	tb.Helper()
	a, err := f.parser.Parse(name, raw)
	if err != nil {
		tb.Fatal(err)
	}
	l := f.detector.Detect(a.Text)
	return a, f.x.Extract(a, l.Code, l.Confidence)
}

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

// want lists facts an article must yield; names match case-insensitively
// and every listed name must be present (extra names are checked by the
// score script, not here).
type want struct {
	lang, date, dateSource, deal   string
	vendors, partners, competitors []string
	products, people, places       []string
	money                          []Money
	quantities                     []Quantity
	// absent names must be in no list; noDate wants no date at all.
	absent []string
	noDate bool
}

func TestExtract(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		file string
		want want
	}{
		{"../../seeds/000_d5f4adf1bf6f5dbd.txt", want{
			lang: "de", date: "2021-03", dateSource: DateHeader, deal: DealCustomer,
			vendors: []string{"Microsoft"}, partners: []string{"Foxconn"},
			products:   []string{"Microsoft Azure", "Microsoft 365", "Windows", "iPhone"},
			places:     []string{"Taiwan", "Redmond"},
			quantities: []Quantity{{Value: 1e6, Unit: "employees", Qualifier: "more_than"}, {Value: 20, Unit: "countries", Qualifier: "more_than"}},
		}},
		{"../../seeds/001_3882541287eb2bc0.txt", want{
			lang: "vi", date: "2020-08-22", dateSource: DateText, deal: DealGovernment,
			vendors: []string{"Microsoft"}, partners: []string{"US Department of Defense", "foreign governments"},
			competitors: []string{"Amazon Web Services"}, products: []string{"JEDI"},
			people: []string{"Donald Trump"}, places: []string{"United States"},
			money:      []Money{{Amount: 1e10, Currency: "USD"}},
			quantities: []Quantity{{Value: 51, Unit: "percent"}, {Value: 71, Unit: "percent"}, {Value: 1, Unit: "percent", Qualifier: "more_than"}},
		}},
		{"../../seeds/002_9a40f1a602171dfa.txt", want{
			lang: "nl", date: "2018-10", dateSource: DateHeader, deal: DealPartnership,
			vendors: []string{"Microsoft"}, partners: []string{"Volkswagen"}, competitors: []string{"Amazon Web Services"},
			products:   []string{"Microsoft Azure", "Automotive Cloud", "One Digital Platform", "Echo Auto", "Amazon Alexa"},
			places:     []string{"Redmond"},
			quantities: []Quantity{{Value: 5e6, Unit: "vehicles", Qualifier: "more_than"}, {Value: 300, Unit: "engineers"}, {Value: 10.7e6, Unit: "vehicles"}},
		}},
		{"../../seeds/003_0a04c846ff79af20.txt", want{
			lang: "fr", date: "2017-09", dateSource: DateInferred, deal: DealPartnership,
			vendors: []string{"Microsoft"}, partners: []string{"Huawei"},
			products: []string{"Huawei Cloud", "Windows Server", "RDS for SQL Server"},
			people:   []string{"Zheng Yelai", "Alain Crozier"},
			places:   []string{"Shanghai", "China", "France", "Europe"},
		}},
		{"testdata/articles/en1.txt", want{
			lang: "en", deal: DealCustomer, vendors: []string{"Google"}, partners: []string{"Deutsche Bank"},
			competitors: []string{"Amazon Web Services", "Microsoft"}, products: []string{"Google Cloud", "Vertex AI", "BigQuery"},
			people: []string{"Christian Sewing", "Thomas Kurian"}, places: []string{"Frankfurt"},
			money:      []Money{{Amount: 1.2e9, Currency: "USD"}, {Amount: 4e8, Currency: "USD"}},
			quantities: []Quantity{{Value: 2000, Unit: "applications"}, {Value: 90000, Unit: "employees"}, {Value: 58, Unit: "countries"}},
		}},
		{"testdata/articles/es1.txt", want{
			lang: "es", date: "2023-03-14", dateSource: DateText, deal: DealPartnership,
			vendors: []string{"Microsoft"}, partners: []string{"Telefónica"}, products: []string{"Microsoft Azure"},
			people: []string{"José María Álvarez-Pallete", "Satya Nadella"}, places: []string{"Madrid", "Spain", "Latin America"},
			money:      []Money{{Amount: 3e8, Currency: "EUR"}},
			quantities: []Quantity{{Value: 5000, Unit: "companies", Qualifier: "more_than"}},
		}},
		{"testdata/articles/it1.txt", want{
			lang: "it", vendors: []string{"Google"}, partners: []string{"Telecom Italia"}, people: []string{"Pietro Labriola"},
			places: []string{"Italy", "Milan", "Turin"}, money: []Money{{Amount: 1e9, Currency: "EUR"}},
			quantities: []Quantity{{Value: 2000, Unit: "employees", Qualifier: "about"}},
		}},
		{"testdata/articles/pt1.txt", want{
			lang: "pt", deal: DealCustomer, vendors: []string{"Amazon Web Services"}, partners: []string{"Itaú Unibanco"},
			competitors: []string{"Microsoft", "Google"}, people: []string{"Milton Maluhy Filho"}, places: []string{"Brazil"},
			money:      []Money{{Amount: 2e9, Currency: "BRL"}},
			quantities: []Quantity{{Value: 100000, Unit: "employees", Qualifier: "more_than"}},
		}},
		{"testdata/articles/pl1.txt", want{
			lang: "pl", vendors: []string{"Microsoft"}, products: []string{"Microsoft Azure"}, people: []string{"Brad Smith"},
			places: []string{"Poland", "Warsaw"}, money: []Money{{Amount: 1e9, Currency: "USD"}},
			quantities: []Quantity{{Value: 150000, Unit: "customers", Qualifier: "more_than"}},
		}},
		{"testdata/articles/id1.txt", want{
			lang: "id", deal: DealGovernment, vendors: []string{"Huawei"}, partners: []string{"Telkom Indonesia"},
			products: []string{"Huawei Cloud"}, people: []string{"Ririek Adriansyah"}, places: []string{"Jakarta", "Indonesia"},
			money: []Money{{Amount: 1.5e12, Currency: "IDR"}},
		}},
		{"testdata/articles/tr1.txt", want{
			lang: "tr", deal: DealPartnership, vendors: []string{"Google"}, partners: []string{"Turkcell"},
			people: []string{"Ali Taha Koç"}, places: []string{"Turkey"}, money: []Money{{Amount: 5e9, Currency: "USD"}},
			quantities: []Quantity{{Value: 30, Unit: "percent"}},
		}},
		{"testdata/articles/ru1.txt", want{
			lang: "ru", date: "2022-04-12", vendors: []string{"Yandex"}, partners: []string{"Sberbank"}, places: []string{"Moscow"},
			money: []Money{{Amount: 5e9, Currency: "RUB"}}, quantities: []Quantity{{Value: 10000, Unit: "customers", Qualifier: "more_than"}},
		}},
		{"testdata/articles/ja1.txt", want{
			lang: "ja", date: "2024-05-10", deal: DealPartnership, vendors: []string{"Microsoft"}, partners: []string{"Toyota"},
			products: []string{"Microsoft Azure"}, money: []Money{{Amount: 1e11, Currency: "JPY"}},
			quantities: []Quantity{{Value: 1e7, Unit: "vehicles"}},
		}},
		{"testdata/articles/zh1.txt", want{
			lang: "zh", date: "2023-06-08", deal: DealPartnership, vendors: []string{"Alibaba"}, partners: []string{"Bank of China"},
			competitors: []string{"Huawei", "Tencent"}, money: []Money{{Amount: 5e9, Currency: "CNY"}},
		}},
		{"testdata/articles/ko1.txt", want{
			lang: "ko", date: "2023-03-02", vendors: []string{"Microsoft"}, partners: []string{"Samsung"},
			competitors: []string{"Amazon Web Services", "Google"}, money: []Money{{Amount: 1e12, Currency: "KRW"}},
			quantities: []Quantity{{Value: 1e5, Unit: "employees"}},
		}},
		{"testdata/articles/en2.txt", want{
			lang: "en", deal: DealGovernment, vendors: []string{"Amazon Web Services"}, partners: []string{"NSA"},
			competitors: []string{"Microsoft"}, products: []string{"JEDI"}, people: []string{"Andy Jassy"},
			money: []Money{{Amount: 1e10, Currency: "USD"}, {Amount: 6e8, Currency: "USD"}},
		}},
		{"testdata/articles/en3.txt", want{
			lang: "en", date: "2025-07-22", dateSource: DateText, deal: DealPartnership, vendors: []string{"Oracle"},
			partners: []string{"OpenAI"}, people: []string{"Larry Ellison", "Sam Altman"}, places: []string{"Texas", "United States"},
			quantities: []Quantity{{Value: 4.5, Unit: "gigawatts"}, {Value: 2000, Unit: "employees", Qualifier: "more_than"}},
		}},
		{"testdata/articles/de2.txt", want{
			lang: "de", date: "2021-05-12", deal: DealPartnership, vendors: []string{"Google"}, partners: []string{"SAP"},
			competitors: []string{"Microsoft", "Amazon Web Services"}, products: []string{"Google Cloud", "RISE with SAP"},
			people: []string{"Christian Klein", "Thomas Kurian"}, money: []Money{{Amount: 2e9, Currency: "EUR"}},
		}},
		{"testdata/articles/es2.txt", want{
			lang: "es", deal: DealCustomer, vendors: []string{"Amazon Web Services"}, partners: []string{"Mercado Libre"},
			people: []string{"Marcos Galperin"}, places: []string{"Buenos Aires", "Latin America"},
			money: []Money{{Amount: 1.5e9, Currency: "USD"}}, noDate: true,
		}},
		{"testdata/articles/vi2.txt", want{
			lang: "vi", date: "2024-03-15", deal: DealPartnership, vendors: []string{"Google"}, partners: []string{"Viettel"},
			people: []string{"Tào Đức Thắng"}, places: []string{"Vietnam", "Hanoi"}, money: []Money{{Amount: 2e8, Currency: "USD"}},
			absent: []string{"Germany"},
		}},
		{"testdata/articles/ja2.txt", want{
			lang: "ja", date: "2023-11-08", deal: DealPartnership, vendors: []string{"Google"}, partners: []string{"NTT"},
			competitors: []string{"Amazon Web Services", "Microsoft"}, products: []string{"Google Cloud"},
		}},
		{"testdata/articles/zh2.txt", want{
			lang: "zh", date: "2023-09-05", vendors: []string{"Huawei"}, competitors: []string{"Alibaba", "Oracle"},
			people: []string{"Zhang Ping'an"}, places: []string{"Saudi Arabia", "Riyadh"}, money: []Money{{Amount: 4e8, Currency: "USD"}},
		}},
		{"testdata/articles/ko2.txt", want{
			lang: "ko", date: "2023-10-30", deal: DealGovernment, vendors: []string{"Naver Cloud"},
			places: []string{"Saudi Arabia"}, money: []Money{{Amount: 1e8, Currency: "USD"}},
		}},
		{"testdata/articles/ru2.txt", want{
			lang: "ru", date: "2024-03-15", deal: DealPartnership, vendors: []string{"VK Cloud"}, partners: []string{"Rostelecom"},
			competitors: []string{"Yandex"}, money: []Money{{Amount: 3e9, Currency: "RUB"}},
			absent: []string{"Михаила Осеевского"},
		}},
		{"testdata/articles/ar2.txt", want{
			lang: "ar", deal: DealInvestment, vendors: []string{"Oracle"}, competitors: []string{"Microsoft"},
			places: []string{"Riyadh", "Jeddah"}, money: []Money{{Amount: 1.4e10, Currency: "USD"}},
		}},
		{"testdata/articles/en4.txt", want{
			lang: "en", deal: DealPartnership, vendors: []string{"Amazon Web Services"}, partners: []string{"Salesforce"},
			people: []string{"Marc Benioff"}, places: []string{"San Francisco"}, money: []Money{{Amount: 2.5e9, Currency: "USD"}},
			quantities: []Quantity{{Value: 73000, Unit: "employees", Qualifier: "about"}},
		}},
		{"testdata/articles/fr2.txt", want{
			lang: "fr", date: "2022-02-03", deal: DealPartnership, vendors: []string{"OVHcloud"}, partners: []string{"Capgemini"},
			competitors: []string{"Amazon Web Services", "Microsoft", "Google"}, people: []string{"Michel Paulin", "Aiman Ezzat"},
			money: []Money{{Amount: 1.5e8, Currency: "EUR"}},
		}},
		{"testdata/articles/id2.txt", want{
			lang: "id", date: "2023-06-05", vendors: []string{"Alibaba"}, people: []string{"Budi Arie Setiadi"},
			places: []string{"Indonesia", "Jakarta"}, money: []Money{{Amount: 1e8, Currency: "USD"}}, absent: []string{"United States"},
		}},
		{"testdata/articles/it2.txt", want{
			lang: "it", date: "2024-10-02", deal: DealInvestment, vendors: []string{"Microsoft"}, people: []string{"Brad Smith", "Giorgia Meloni"},
			places: []string{"Italy", "Milan", "Rome"}, money: []Money{{Amount: 4.3e9, Currency: "EUR"}},
		}},
		{"testdata/articles/nl2.txt", want{
			lang: "nl", date: "2024-09-04", deal: DealCustomer, vendors: []string{"Google"}, partners: []string{"ING"},
			people: []string{"Steven van Rijswijk"}, money: []Money{{Amount: 1e8, Currency: "EUR"}}, absent: []string{"ABN AMRO"},
		}},
		{"testdata/articles/pl2.txt", want{
			lang: "pl", date: "2023-06-12", vendors: []string{"Google"}, partners: []string{"PKO Bank Polski"}, people: []string{"Dariusz Szwed"},
			money: []Money{{Amount: 5e8, Currency: "PLN"}}, quantities: []Quantity{{Value: 200, Unit: "applications", Qualifier: "more_than"}},
		}},
		{"testdata/articles/pt2.txt", want{
			lang: "pt", date: "2023-08-10", deal: DealGovernment, vendors: []string{"Google"}, partners: []string{"Governo do Estado"},
			competitors: []string{"Amazon Web Services"}, places: []string{"São Paulo", "Brazil"}, money: []Money{{Amount: 3e8, Currency: "BRL"}},
		}},
		{"testdata/articles/tr2.txt", want{
			lang: "tr", date: "2023-09-18", deal: DealPartnership, vendors: []string{"Microsoft"}, partners: []string{"Türk Telekom"},
			people: []string{"Ümit Önal"}, money: []Money{{Amount: 2e8, Currency: "USD"}}, quantities: []Quantity{{Value: 10000, Unit: "companies"}},
		}},
		{"testdata/articles/en5.txt", want{
			lang: "en", date: "2023-03-03", dateSource: DateText, vendors: []string{"Microsoft"}, partners: []string{"Snowflake"},
			products: []string{"Azure Government", "Data Cloud", "BigQuery"}, people: []string{"Frank Slootman", "Judson Althoff"},
			money: []Money{{Amount: 1e9, Currency: "USD"}},
			// A Title Case headline names no product "Bring Data Cloud"; the
			// related-articles block names no Telefónica or Oracle.
			absent: []string{"Bring Data Cloud", "Medicaid Services", "Telefónica", "Oracle"},
		}},
		{"testdata/articles/tr3.txt", want{
			lang: "tr", vendors: []string{"Huawei"}, products: []string{"Huawei Cloud"}, people: []string{"Jiang Xiaodong"},
			places: []string{"Turkey", "Istanbul"}, money: []Money{{Amount: 5e7, Currency: "USD"}}, absent: []string{"Microsoft"},
		}},
		{"testdata/articles/ar1.txt", want{
			lang: "ar", deal: DealGovernment, vendors: []string{"Microsoft"}, people: []string{"Satya Nadella"},
			places: []string{"Saudi Arabia", "Riyadh"}, money: []Money{{Amount: 2e9, Currency: "USD"}},
			quantities: []Quantity{{Value: 500, Unit: "companies", Qualifier: "more_than"}},
		}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			a, got := f.extract(t, tt.file, readFile(t, tt.file))
			w := tt.want
			check := func(field, got, want string) {
				if want != "" && got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("language", got.Language, w.lang)
			check("date", got.Date, w.date)
			check("date_source", got.DateSource, w.dateSource)
			check("deal_type", got.DealType, w.deal)
			names := []struct {
				field     string
				got, want []string
			}{
				{"vendors", got.Vendors, w.vendors}, {"partners", got.Partners, w.partners},
				{"competitors", got.Competitors, w.competitors}, {"products", got.Products, w.products},
				{"people", got.People, w.people}, {"places", got.Places, w.places},
			}
			for _, n := range names {
				for _, name := range n.want {
					if !slices.ContainsFunc(n.got, func(g string) bool { return strings.EqualFold(g, name) }) {
						t.Errorf("%s = %q, missing %q", n.field, n.got, name)
					}
				}
			}
			for _, n := range names {
				for _, name := range w.absent {
					if slices.Contains(n.got, name) {
						t.Errorf("%s = %q, should not hold %q", n.field, n.got, name)
					}
				}
			}
			if w.noDate && got.Date != "" {
				t.Errorf("date = %q (%s), want none", got.Date, got.DateSource)
			}
			for _, m := range w.money {
				if !slices.ContainsFunc(got.Money, func(g Money) bool { return close(g.Amount, m.Amount) && g.Currency == m.Currency }) {
					t.Errorf("money = %+v, missing %v %s", got.Money, m.Amount, m.Currency)
				}
			}
			for _, q := range w.quantities {
				if !slices.ContainsFunc(got.Quantities, func(g Quantity) bool {
					return close(g.Value, q.Value) && g.Unit == q.Unit && (q.Qualifier == "" || g.Qualifier == q.Qualifier)
				}) {
					t.Errorf("quantities = %+v, missing %v %s %s", got.Quantities, q.Value, q.Unit, q.Qualifier)
				}
			}
			checkEvidence(t, a, got)
		})
	}
}

func close(a, b float64) bool { return a == b || (a-b)/b < 1e-9 && (b-a)/b < 1e-9 }

// checkEvidence asserts the provenance contract: every span points at
// text, money and quantity spans spell their text, and every listed name
// has a fact.
func checkEvidence(t *testing.T, a *article.Article, r Result) {
	t.Helper()
	valid := func(start, end int) bool {
		return start >= 0 && start < end && end <= len(a.Text) && utf8.ValidString(a.Text[start:end])
	}
	for _, f := range r.Facts {
		if !valid(f.Start, f.End) {
			t.Errorf("fact %+v: span out of the text", f)
		}
	}
	for _, m := range r.Money {
		if !valid(m.Start, m.End) || a.Text[m.Start:m.End] != m.Text {
			t.Errorf("money %+v: span does not spell its text", m)
		}
	}
	for _, q := range r.Quantities {
		if !valid(q.Start, q.End) || a.Text[q.Start:q.End] != q.Text {
			t.Errorf("quantity %+v: span does not spell its text", q)
		}
	}
	for kind, names := range map[string][]string{FactVendor: r.Vendors, FactPartner: r.Partners, FactCompetitor: r.Competitors, FactProduct: r.Products, FactPerson: r.People, FactPlace: r.Places} {
		for _, n := range names {
			if !slices.ContainsFunc(r.Facts, func(f Fact) bool { return f.Kind == kind && f.Value == n }) {
				t.Errorf("%s %q has no fact", kind, n)
			}
		}
	}
}

func TestBoilerplateIsNotMined(t *testing.T) {
	f := newFixture(t)
	raw := []byte("Microsoft signs cloud deal with Contoso\n\nMicrosoft has signed a cloud agreement with Contoso Bank, the companies said. Contoso Bank will move to Azure.\n\nRelated articles\n\nGoogle signs deal with Fabrikam Inc\n\nChat Zalo\n")
	_, r := f.extract(t, "x.txt", raw)
	if slices.Contains(r.Vendors, "Google") || slices.Contains(r.Competitors, "Google") {
		t.Errorf("a name in the related-articles block was mined: %+v", r)
	}
	if !slices.Contains(r.Partners, "Contoso Bank") {
		t.Errorf("partners = %q, want the unknown company Contoso Bank", r.Partners)
	}
}

func TestMoneyAndQuantities(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		lang, text string
		money      []Money
		qty        []Quantity
	}{
		{"en", "The deal is worth $2.5bn over ten years.", []Money{{Amount: 2.5e9, Currency: "USD", Text: "$2.5bn"}}, nil},
		{"en", "It paid £300m and US$ 1.5 billion.", []Money{{Amount: 3e8, Currency: "GBP"}, {Amount: 1.5e9, Currency: "USD"}}, nil},
		{"de", "Der Vertrag hat einen Wert von 1,5 Milliarden Euro und umfasst 2.500 Server.", []Money{{Amount: 1.5e9, Currency: "EUR"}}, []Quantity{{Value: 2500, Unit: "servers"}}},
		{"fr", "Un contrat de 10 milliards de dollars pour plus de 3 000 clients.", []Money{{Amount: 1e10, Currency: "USD"}}, []Quantity{{Value: 3000, Unit: "customers", Qualifier: "more_than"}}},
		{"es", "Una inversión de 2.000 millones de euros.", []Money{{Amount: 2e9, Currency: "EUR"}}, nil},
		{"vi", "Hợp đồng trị giá 10 tỷ USD với hơn 500 nhân viên.", []Money{{Amount: 1e10, Currency: "USD"}}, []Quantity{{Value: 500, Unit: "employees", Qualifier: "more_than"}}},
		{"zh", "该合同价值100亿美元。", []Money{{Amount: 1e10, Currency: "USD"}}, nil},
		{"ko", "계약 규모는 10억 달러다.", []Money{{Amount: 1e9, Currency: "USD"}}, nil},
		{"tr", "Anlaşma yüzde 51 hisse ve 2 milyar dolar içeriyor.", []Money{{Amount: 2e9, Currency: "USD"}}, []Quantity{{Value: 51, Unit: "percent"}}},
		{"en", "Windows 10 and Microsoft 365 users in 2020.", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.text, func(t *testing.T) {
			a, err := f.parser.Parse("x.txt", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			r := f.x.Extract(a, tt.lang, 1)
			if len(r.Money) != len(tt.money) {
				t.Fatalf("money = %+v, want %d", r.Money, len(tt.money))
			}
			for i, m := range tt.money {
				g := r.Money[i]
				if !close(g.Amount, m.Amount) || g.Currency != m.Currency || (m.Text != "" && g.Text != m.Text) {
					t.Errorf("money[%d] = %+v, want %+v", i, g, m)
				}
			}
			if len(r.Quantities) != len(tt.qty) {
				t.Fatalf("quantities = %+v, want %d", r.Quantities, len(tt.qty))
			}
			for i, q := range tt.qty {
				g := r.Quantities[i]
				if !close(g.Value, q.Value) || g.Unit != q.Unit || g.Qualifier != q.Qualifier {
					t.Errorf("quantities[%d] = %+v, want %+v", i, g, q)
				}
			}
			checkEvidence(t, a, r)
		})
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in           string
		decimalComma bool
		want         float64
		ok           bool
	}{
		{"10", false, 10, true},
		{"10,7", true, 10.7, true},
		{"1,705", true, 1705, true},
		{"2.500", true, 2500, true},
		{"2,500", false, 2500, true},
		{"1.5", false, 1.5, true},
		{"1,234,567.89", false, 1234567.89, true},
		{"1.234.567,89", true, 1234567.89, true},
		{"3 000", true, 3000, true},
		{"１００", false, 100, true},
		{"", false, 0, false},
		{"1.", false, 0, false},
		{"abc", false, 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseNumber(tt.in, tt.decimalComma)
		if ok != tt.ok || (ok && !close(got, tt.want)) {
			t.Errorf("ParseNumber(%q, %v) = %v, %v; want %v, %v", tt.in, tt.decimalComma, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"10,7", "1,705", "2.500", "1.234.567,89", "１００", "9999999999999999999999", "1e5"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, decimalComma bool) {
		v, ok := ParseNumber(s, decimalComma)
		if ok && (v < 0 || v != v) {
			t.Errorf("ParseNumber(%q) = %v", s, v)
		}
	})
}

func FuzzExtract(f *testing.F) {
	fx := newFixture(f)
	files, _ := filepath.Glob("../../seeds/*.txt")
	more, _ := filepath.Glob("testdata/articles/*.txt")
	for _, p := range append(files, more...) {
		f.Add(readFile(f, p))
	}
	f.Add([]byte("\x1b]52;c;aGk=\x07 Microsoft $5bn \x1b[2J 10 tỷ USD"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		a, err := fx.parser.Parse("fuzz.txt", raw)
		if err != nil {
			return
		}
		l := fx.detector.Detect(a.Text)
		checkEvidence(t, a, fx.x.Extract(a, l.Code, l.Confidence))
	})
}

func BenchmarkExtract(b *testing.B) {
	f := newFixture(b)
	files, _ := filepath.Glob("../../seeds/*.txt")
	var raws [][]byte
	size := 0
	for _, p := range files {
		raw := readFile(b, p)
		raws = append(raws, raw)
		size += len(raw)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, raw := range raws {
			a, err := f.parser.Parse("x.txt", raw)
			if err != nil {
				b.Fatal(err)
			}
			l := f.detector.Detect(a.Text)
			f.x.Extract(a, l.Code, l.Confidence)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestArabicIndicDigits(t *testing.T) {
	f := newFixture(t)
	a, err := f.parser.Parse("x.txt", []byte("وقعت مايكروسوفت عقدا بقيمة ١٠ مليارات دولار مع الحكومة في ٢٢ أغسطس ٢٠٢٠."))
	if err != nil {
		t.Fatal(err)
	}
	r := f.x.Extract(a, "ar", 1)
	if len(r.Money) != 1 || r.Money[0].Amount != 1e10 || r.Money[0].Currency != "USD" {
		t.Errorf("money = %+v", r.Money)
	}
	if r.Date != "2020-08-22" {
		t.Errorf("date = %q", r.Date)
	}
	checkEvidence(t, a, r)
}

func TestScriptChangeSplitsWords(t *testing.T) {
	f := newFixture(t)
	a, err := f.parser.Parse("x.txt", []byte("KT클라우드가 Microsoft와 클라우드 협력 계약을 체결했다. KT클라우드는 애저를 도입한다."))
	if err != nil {
		t.Fatal(err)
	}
	r := f.x.Extract(a, "ko", 1)
	all := append(append(append([]string{}, r.Vendors...), r.Partners...), r.Competitors...)
	for _, want := range []string{"KT Cloud", "Microsoft"} {
		if !slices.Contains(all, want) {
			t.Errorf("parties %q lack %q", all, want)
		}
	}
	if !slices.Contains(r.Products, "Microsoft Azure") {
		t.Errorf("products %q lack Azure (애저를)", r.Products)
	}
	checkEvidence(t, a, r)
}

func TestWordFilter(t *testing.T) {
	f := newWordFilter(10)
	words := []string{"microsoft", "partnerschaft", "đối tác", "協力", "a", ""}
	for _, w := range words {
		f.add(w)
	}
	for _, w := range words {
		if !f.mayHave(w) || !f.mayHaveHash(wordHash(w)) {
			t.Errorf("filter lost %q", w)
		}
	}
	// Most other words are ruled out; a few may pass, which is allowed.
	passed := 0
	for i := range 1000 {
		if f.mayHave(fmt.Sprintf("word%d", i)) {
			passed++
		}
	}
	if passed > 100 {
		t.Errorf("%d of 1,000 other words pass a filter of 6 words", passed)
	}
	if !(wordFilter{}).mayHave("anything") {
		t.Error("an empty filter must rule nothing out")
	}
}

// TestDatesInYearWindows checks that running the date patterns around
// each year finds what running them over the whole sentence finds.
func TestDatesInYearWindows(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	r := x.rulesFor("vi")
	for _, s := range []string{
		"Hà Nội, ngày 22 tháng 08 năm 2020 — ký kết 12.03.2021 và 2021-04-05.",
		"x12-03-2020 and 112020 and 2020年3月12日 and 2019 년 5 월",
		"   " + strings.Repeat("word ", 30) + "on 03/04/2019, " + strings.Repeat("more ", 30) + "1999-12-31",
		"no year at all 12/03",
		"2020",
	} {
		sp := article.Span{Start: 0, End: len(s)}
		var want []dateFound
		for _, p := range x.datePatterns {
			want = p.find(want, s, sp, r)
		}
		if got := findDates(s, sp, x.datePatterns, r); !slices.Equal(got, want) {
			t.Errorf("%q: windows found %v, the whole sentence %v", s, got, want)
		}
	}
}

func TestSortFacts(t *testing.T) {
	for _, tc := range []struct{ in, want []Fact }{
		{nil, nil},
		{[]Fact{{Kind: "a", Start: 1}, {Kind: "b", Start: 2}}, []Fact{{Kind: "a", Start: 1}, {Kind: "b", Start: 2}}},
		{
			[]Fact{{Kind: "a", Start: 9}, {Kind: "b", Start: 3}, {Kind: "c", Start: 9}, {Kind: "d", Start: 3}, {Kind: "e", Start: 0}},
			[]Fact{{Kind: "e", Start: 0}, {Kind: "b", Start: 3}, {Kind: "d", Start: 3}, {Kind: "a", Start: 9}, {Kind: "c", Start: 9}},
		},
	} {
		if got := sortFacts(slices.Clone(tc.in)); !slices.Equal(got, tc.want) {
			t.Errorf("sortFacts(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
