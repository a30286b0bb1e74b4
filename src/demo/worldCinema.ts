// The demo's World Cinema: titles in Japanese, Chinese, Korean and Arabic, with emoji, combining accents, a 300-character title and titles carrying terminal escapes.
import type { MovieEntry } from './catalog.js';

/** A real film's (very long) title, carried on to exactly 300 characters: the longest a row or a details pane has to fit. */
const longTitle = [
  'Night of the Day of the Dawn of the Son of the Bride of the Return of the Revenge of the Terror of the Attack of the Evil,',
  'Mutant, Hellbound, Flesh-Eating, Crawling, Alien, Zombified, Subhumanoid Living Dead — Part 5, in which the Undead Return',
  'Once More from Their Graves to Haunt the Small Town That Forgot Them, Forever and Ever Again',
].join(' ').slice(0, 300);

/**
 * Text a server could send that must never drive the terminal: an OSC that retitles the window, a
 * screen clear, a C1 control sequence introducer, blessed's tag syntax, a tab and a newline, an OSC 52
 * that would set the clipboard ("pwned" in base64), an OSC 8 hyperlink, backspaces over text, a
 * carriage return and a right-to-left override.
 */
export const hostileTitle =
  'The Terminal\u001b]0;pwned\u0007\u001b[2J {red-fg}Escape{/} \u009b31m\tGate\n67' +
  ' \u001b]52;c;cHduZWQ=\u0007\u001b]8;;https://evil.example/\u001b\\Link\u001b]8;;\u001b\\ Back\b\b\b\bspace\rCR \u202eLIVE';

export const worldCinema: MovieEntry[] = [
  { title: '七人の侍', year: 1954, studio: '東宝', contentRating: 'NR', rating: 8.6, genres: ['Action', 'Drama'], imdb: 'tt0047478', tmdb: 346, clip: 'demo-10s.mkv', addedDaysAgo: 60,
    summary: '戦国時代、野武士の略奪に苦しむ農村の百姓たちは、村を守るために七人の侍を雇う。侍たちは百姓に戦い方を教え、村に柵を築き、やがて四十騎の野武士を迎え撃つ。' },
  { title: '千と千尋の神隠し', year: 2001, studio: 'スタジオジブリ', contentRating: 'PG', rating: 8.6, genres: ['Animation', 'Fantasy'], imdb: 'tt0245429', tmdb: 129, clip: 'demo-12s.mp4', addedDaysAgo: 59,
    summary: '引っ越しの途中で不思議の町に迷い込んだ十歳の少女千尋は、豚に変えられた両親を救うため、八百万の神々が集う湯屋で働くことになる。' },
  { title: '花樣年華', year: 2000, studio: '澤東電影', contentRating: 'PG', rating: 8.1, genres: ['Drama', 'Romance'], imdb: 'tt0118694', tmdb: 843, clip: 'demo-4s.mkv', addedDaysAgo: 58,
    summary: '一九六二年的香港，周慕雲與蘇麗珍搬進同一棟公寓，發現彼此的配偶有染，兩人在壓抑的情感中漸漸靠近。' },
  { title: '霸王别姬', year: 1993, studio: '汤臣电影', contentRating: 'R', rating: 8.1, genres: ['Drama', 'Music'], imdb: 'tt0106332', tmdb: 10997, clip: 'demo-10s.mkv', addedDaysAgo: 57,
    summary: '两个京剧学徒程蝶衣与段小楼从小一起长大，半个世纪的中国风云变幻中，他们的友谊、爱情与背叛在舞台上下交织。' },
  { title: '기생충', year: 2019, studio: '바른손이앤에이', contentRating: 'R', rating: 8.5, genres: ['Comedy', 'Thriller', 'Drama'], imdb: 'tt6751668', tmdb: 496243, clip: 'demo-12s.mp4', addedDaysAgo: 56,
    summary: '반지하에 사는 기택 가족은 장남 기우가 부잣집 박 사장네 과외 선생이 되면서 하나둘 그 집에 스며들기 시작한다.' },
  { title: '올드보이', year: 2003, studio: '쇼이스트', contentRating: 'R', rating: 8.4, genres: ['Action', 'Mystery', 'Thriller'], imdb: 'tt0364569', tmdb: 670, clip: 'demo-4s.mkv', addedDaysAgo: 55,
    summary: '영문도 모른 채 15년 동안 사설 감옥에 갇혀 있던 오대수는 풀려난 뒤 닷새 안에 자신을 가둔 자를 찾아야 한다.' },
  { title: 'باب الحديد', year: 1958, studio: 'أفلام غبريال تلحمي', contentRating: 'NR', rating: 7.4, genres: ['Drama', 'Thriller'], imdb: 'tt0051390', tmdb: 50862, clip: 'demo-10s.mkv', addedDaysAgo: 54,
    summary: 'قناوي بائع جرائد أعرج في محطة مصر بالقاهرة، يقع في حب هنومة بائعة المشروبات، ويتحول هوسه بها إلى جنون.' },
  { title: 'وجدة', year: 2012, studio: 'رايزور فيلم', contentRating: 'PG', rating: 7.5, genres: ['Drama', 'Family'], imdb: 'tt2258858', tmdb: 139860, clip: 'demo-12s.mp4', addedDaysAgo: 53,
    summary: 'فتاة في العاشرة من عمرها في الرياض تحلم بشراء دراجة خضراء، فتشترك في مسابقة لتلاوة القرآن لتجمع ثمنها.' },
  { title: '🌍 Around the World in 80 Days 🎈', year: 1956, studio: 'Michael Todd Company', contentRating: 'G', rating: 6.7, genres: ['Adventure', 'Comedy'], imdb: 'tt0048960', tmdb: 2897, clip: 'demo-4s.mkv', addedDaysAgo: 52,
    summary: 'A Victorian gentleman 🎩 wagers that he can circle the globe 🌍 in eighty days, by train 🚂, ship 🚢 and balloon 🎈.' },
  { title: '👨‍👩‍👧 万引き家族 Shoplifters', year: 2018, studio: 'ギャガ', contentRating: 'R', rating: 7.9, genres: ['Drama', 'Crime'], imdb: 'tt8075192', tmdb: 505192, clip: 'demo-10s.mkv', addedDaysAgo: 51,
    summary: '東京の下町で、家族👨‍👩‍👧は万引きで生計を立てている。ある寒い夜、彼らは凍えている少女を家に連れて帰る。' },
  { title: '🇯🇵 タンポポ Tampopo 🍜', year: 1985, studio: '伊丹プロダクション', contentRating: 'NR', rating: 7.8, genres: ['Comedy'], imdb: 'tt0092048', tmdb: 11830, clip: 'demo-12s.mp4', addedDaysAgo: 50,
    summary: 'A truck driver 🚚 helps a widow turn her failing noodle shop 🍜 into the best ramen place in Tokyo 🇯🇵.' },
  // Accents as combining marks (e + U+0301), as macOS file names and some agents send them.
  { title: 'Le Fabuleux Destin d\u2019Ame\u0301lie Poulain', year: 2001, studio: 'UGC', contentRating: 'R', rating: 8.3, genres: ['Comedy', 'Romance'], imdb: 'tt0211915', tmdb: 194, clip: 'demo-4s.mkv', addedDaysAgo: 49,
    summary: 'Ame\u0301lie, une jeune serveuse de Montmartre, de\u0301cide de changer la vie des gens qui l\u2019entourent — et de\u0301couvre l\u2019amour.' },
  { title: 'Cle\u0301o de 5 a\u0300 7', year: 1962, studio: 'Rome Paris Films', contentRating: 'NR', rating: 7.8, genres: ['Drama'], imdb: 'tt0055852', tmdb: 499, clip: 'demo-10s.mkv', addedDaysAgo: 48,
    summary: 'Une chanteuse attend, de cinq heures a\u0300 sept heures et demie, le re\u0301sultat d\u2019une biopsie en errant dans Paris.' },
  { title: longTitle, year: 2011, studio: 'Big Screen Entertainment', contentRating: 'NR', rating: 3.9, genres: ['Comedy', 'Horror'], imdb: 'tt1740726', tmdb: 76000, clip: 'demo-4s.mkv', addedDaysAgo: 47,
    summary: 'A zombie parody whose title is longer than its plot: every column it appears in has to cut it.' },
  { title: hostileTitle, year: 2004, studio: 'DreamWorks\u001b[31m Pictures', contentRating: 'PG-13', rating: 7.4, genres: ['Comedy', 'Drama'], imdb: 'tt0362227', tmdb: 594, clip: 'demo-12s.mp4', addedDaysAgo: 46,
    summary: 'A traveller\u001b]0;pwned\u0007 is stranded\tat JFK\r\nwhen his country ceases to exist. {bold}Tags{/bold} and \u001b[2J escapes stay text.\u001b]52;c;cHduZWQ=\u0007 \u202eLIVE\b\b' },
];
