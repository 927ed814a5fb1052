/**
 * Brands, firms, bands and famous fictional characters written as a person's name (tenth, eleventh
 * and eighteenth passes), as usually spelled: a span of one of them is no person ("a Pierre Cardin suit", "Tim Hortons", "Jack Daniel's"). Compiled for this
 * project from general knowledge (a list of facts, not copied from a file). '|' separated.
 */
export const PERSON_NAMED_BRANDS =
  'Pierre Cardin|Hugo Boss|Tim Hortons|Jack Daniel|Leroy Merlin|Yves Saint Laurent|Yves Rocher|Ray-Ban|' +
  'Marks & Spencer|Ben & Jerry|Calvin Klein|Ralph Lauren|Tommy Hilfiger|Louis Vuitton|Christian Dior|' +
  'Christian Louboutin|Jean Paul Gaultier|Jean-Paul Gaultier|Giorgio Armani|Dolce & Gabbana|Franz Ferdinand|' +
  'Marc Jacobs|Michael Kors|Kate Spade|Ted Baker|Estée Lauder|Elizabeth Arden|Jean Coutu|Johnnie Walker|' +
  'Jim Beam|Captain Morgan|Uncle Ben|Betty Crocker|Dr Pepper|Dr. Martens|Doc Martens|Harley-Davidson|' +
  'Rolls-Royce|Mercedes-Benz|Aston Martin|Alfa Romeo|Sky Sports|Royal Mail|Elden Ring|' +
  'Paco Rabanne|Jean Louis David|Franck Provost|Jacques Dessange|Camille Albane|Agnès b|Sonia Rykiel|' +
  'Guy Degrenne|Marie Claire|Gérard Darel|Zadig & Voltaire|Chevignon|Lacoste|Ricard|Cointreau|Aldi|Lidl|Monte-Cristo|' +
  // Eleventh pass: more brands, bands and pubs, and fictional characters famous enough to be
  // named in comments about films, books and games (a person of fiction is no personal data).
  'Stan Smith|Louise Attaque|Red Lion|April Fools|Harry Potter|Sherlock Holmes|Sherlock|Hermione Granger|' +
  'James Bond|Luke Skywalker|Darth Vader|Homer Simpson|Bart Simpson|Lisa Simpson|Mickey Mouse|' +
  'Amélie Poulain|Forrest Gump|Indiana Jones|Lara Croft|Jon Snow|Walter White|Tony Soprano|Don Draper|' +
  'Logan Roy|Will Hunting|Perceval|Astérix|Obélix|Tintin|Jean Valjean|Bilbo Baggins|Frodo|Gandalf|' +
  'Hannibal Lecter|Jack Sparrow|Bridget Jones|Mary Poppins|Peter Pan|Winnie the Pooh|Scarlett O’Hara|' +
  // Eighteenth pass: drinks, shops and chains, characters, stereotypes and days named like people,
  // and works titled with a name, among the most written about in comments.
  'Earl Grey|Bloody Mary|Tom Collins|Shirley Temple|Marie Blachère|Mrs Brown|Mr Bean|Mr Brightside|' +
  'Doctor Who|Dr Who|Madame Michu|Père Fouettard|Père Noël|Father Christmas|Guy Fawkes|Jane Eyre|' +
  'Mr Rochester|Madame Bovary|Ted Lasso|Mario Kart|Super Mario|Aladdin|Sweet Caroline|Jolene|' +
  'Jean-Kevin|Jean Dupont|John Radcliffe|Tom, Dick and Harry|' +
  // Twentieth pass: more shops, characters, stock names and things named like people that the
  // development sets' clean lines were masked for, each well known in its own right.
  'Mr Darcy|Monsieur Darcy|Zelda|Hermione|Heath Robinson|Joe Bloggs|Doubting Thomas|Jack Russell|' +
  'Royal Marsden|Papa John|John Lewis|Holland & Barrett|Dr Martens|Petit Ours Brun|Joe le taxi|' +
  'Alexandrie Alexandra|King Edward|Monsieur Je-sais-tout|' +
  // Twenty-third pass: outdoor, bike, fashion and food brands and shops named like people, characters
  // of children's books, games and paintings, famous racehorses and bands.
  "Salomon|Rossignol|Easton|Debbie Bliss|Vera Wang|Jenny Packham|Royal Enfield|Nando's|Tony Hawk's|" +
  'Dewey Decimal|Fireman Sam|Miss Havisham|Anne of Green Gables|Mona Lisa|Red Rum|Desert Orchid|' +
  'Jolly Jumper|Lady Godiva|Batman|Nemo|Paddington Bear|Stone Roses|Lib Dems|Tartuffe|Kaamelott|' +
  "Jappeloup|Gatsby|Tunnock's|Allinson's|Kenwood|Korian|Pronovias|Woolworths|Wetherspoons|Greggs|" +
  'Ben Sherman|Fred Perry|Kurt Geiger|Karen Millen|Jo Malone|Laura Ashley|Pepe Jeans|Jean Patou|' +
  'Nina Ricci|Ladurée|Dewalt|Ronald McDonald|Colonel Sanders|Aunt Bessie|Mr Kipling|Sara Lee|' +
  'Mrs Doubtfire|Billy Elliot|Erin Brockovich|Scooby-Doo|Snoopy|Charlie Brown|Petit Nicolas|' +
  'Boule et Bill|Tom Sawyer|Huckleberry Finn|Oliver Twist|Lady Macbeth|Cendrillon|Cinderella|' +
  'Raiponce|Rapunzel|' +
  // Thirtieth pass: ferry lines and bands named like a person or a region, in three of the sets each.
  'Brittany Ferries|Irish Ferries|Corsica Linea|Corsica Ferries|Kaiser Chiefs|' +
  // Thirty-second pass: voice assistants, computer, telecom and shop brands and games named like people,
  // each famous in its own right.
  'Alexa|Siri|Cortana|Dell|Bouygues|Darty|Django|Monsieur Cuisine|Mr Whippy|Candy Crush|Sega Saturn|' +
  'Dacia Sandero|Baldur|' +
  // Forty-fourth pass: the European student exchange programme and a French internet provider, both
  // written as one capitalised word after words that announce a person ("pour un logement Erasmus",
  // "merci Free"), the hero of the Zelda games and a sweet named after its town.
  'Erasmus|Free|Link|Kendal mint cake|' +
  // Forty-seventh pass: outdoor and surf clothing, in two development sets (not "Levi's", which is
  // also a person's possessive).
  'Rip Curl|North Face';

/**
 * Government buildings and streets that stand for an institution (twenty-third pass): "Whitehall says
 * nothing", "Matignon a reculé", "Bercy a raboté le budget". Without a place cue before them they are
 * no place of the thread. '|' separated.
 */
export const METONYMS =
  "Whitehall|Holyrood|Stormont|Downing Street|Matignon|Bercy|Élysée|Elysée|Beauvau|Quai d'Orsay|" +
  'Kremlin|Pentagon|Capitol Hill';

/**
 * Car makes: a span they start names the car ("Ford Transit", "Mercedes A-Class"), and so does a
 * model right after one ("Citroën Picasso", "Triumph Herald").
 */
export const CAR_MAKES =
  'ford mercedes tesla renault peugeot citroën citroen chevrolet ferrari lincoln morgan ' +
  // Forty-fifth pass.
  'triumph vauxhall toyota nissan honda fiat skoda škoda volvo audi bmw kia hyundai dacia jaguar porsche';

/** Nouns before the title of a work: what follows is the title, not a person ("the film Forrest Gump"). */
export const WORK_NOUNS =
  'film films movie movies série séries series show game games jeu jeux album song chanson book livre ' +
  'novel roman band groupe episode épisode franchise manga anime podcast character personnage musical ' +
  'opera opéra play pièce';

/**
 * Sayings, stock characters, events, dishes, varieties, ships and charities that hold a name, in
 * lower case, matched in any case (twenty-first pass): a name or place inside one of them is no
 * person or place of the thread ("happy as Larry", "a nosy Parker", "Guy Fawkes Night", "pommes
 * Anna", "le Brice de Nice"). Compiled for this project from general knowledge. '|' separated.
 */
export const NAME_IDIOMS =
  // Thirty-seventh pass: a band, a film and a pub sign that hold a town or a name, and a feast.
  'kings of leon|manchester by the sea|marquis of granby|burns night|happy burns night|' +
  // Thirty-fifth pass: phones and trainers named "Max", and the Republic's face on stamps; airlines,
  // channels, cups, a bank and clubs named after a country or a town.
  'pro max|air max|marianne sur les timbres|' +
  'air france|air canada|coupe de france|france 2|france 3|france 5|france inter|france info|france bleu|' +
  'ouest-france|bank of england|britain in bloom|sheffield wednesday|real madrid|' +
  'happy as larry|nosy parker|nosey parker|peeping tom|doubting thomas|doubting thomases|tom collins|' +
  'bloody mary|jolly roger|lindy hop|guy fawkes|mr men|little miss|mr tickle|mr bump|mr happy|' +
  'ruy lopez|john doe|jane doe|joe public|sue ryder|alain afflelou|leicester tigers|' +
  'chelsea flower show|loch ness monster|loch ness marathon|maris piper|maris pipers|red leicester|' +
  'double gloucester|mary rose|steve from minecraft|lord farquaad|peter pan|mary poppins|' +
  'father christmas|tom thumb|jack frost|uncle sam|davy jones|heath robinson|gordon bennett|' +
  'prince charming|smart alec|jack the lad|billy no-mates|billy no mates|even stevens|typhoid mary|' +
  'mr right|tom and jerry|bob the builder|postman pat|thomas the tank engine|peppa pig|' +
  "reine des neiges|dora l'exploratrice|brice de nice|arsène lupin|tintin et milou|tintin and snowy|" +
  'pommes anna|pêche melba|crêpes suzette|crêpe suzette|embrasser fanny|fesses de fanny|baiser fanny|' +
  'choux de bruxelles|chou de bruxelles|' +
  'madame michu|mme michu|monsieur tout-le-monde|père noël|prince charmant|blague de toto|les livres de martine|' +
  'martine à la plage|caliméro|astérix et obélix|lucky luke|gaston lagaffe|loi evin|' +
  // Twenty-third pass: plants, comets, paintings, stations, museums, dishes, varieties and sayings
  // that hold a name or a town.
  "herb robert|good king henry|herbe à robert|vénus de milo|halley's comet|comète de halley|" +
  "bob's your uncle|tail-end charlie|gare de lyon|gare du nord|gare de l'est|musée d'orsay|" +
  "musée de cluny|quai d'orsay|aéroport charles-de-gaulle|roissy-charles-de-gaulle|douce france|" +
  "roald dahl day|st patrick's day|saint patrick's day|chelsea bun|chelsea buns|chelsea boot|" +
  'chelsea boots|kendal mint cake|victoria plum|victoria plums|philly cheesesteak|fair isle yoke|' +
  'fair isle jumper|fair isle sweater|mirabelle de nancy|mirabelles de nancy|bigarreau napoléon|' +
  "bleu de sèvres|tomates de marmande|tomate de marmande|cox's orange pippin|granny smith|" +
  'pink lady|reine-claude|reines-claudes|belle de boskoop|williams pear|poire williams|' +
  'madeira cake|black forest gateau|bakewell tart|cornish pasty|eccles cake|yorkshire pudding|' +
  'caro-kann|sicilian najdorf|king charles spaniel|jack russell|saint-bernard|st bernard|' +
  // Thirtieth pass: events named after a region or a district.
  'great north run|great south run|notting hill carnival|carnaval de notting hill|captain obvious|' +
  'captain hindsight|hail mary|jacques a dit|simon says|' +
  // Thirty-third pass: shows and books named like an island.
  'love island|treasure island|fantasy island|temptation island|river island';
