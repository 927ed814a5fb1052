/**
 * First names missing from the Moby list that are common in English- and French-speaking countries
 * today: recent US/UK given names and frequent Arabic, African, South Asian, East Asian, Hispanic,
 * Italian, German and Slavic names. Lower case, space separated. Compiled for this project from
 * general knowledge (a list of facts, not copied from a file).
 */
export const FIRST_NAMES_EXTRA =
  'donald walter aiden jayden grayson jaxon hudson landon colton brayden aria zoey mila luna savannah ' +
  'paisley aaliyah maya everly arianna eliana brielle isla rylee liliana adalynn natalia ximena raelynn ' +
  'leilani lyla adalyn arya khloe aliyah ryleigh jordyn laila mya teagan amaya alaina mckenzie mariah ' +
  'presley adelyn makayla brynlee sienna alayna elliana ayla jayla alivia emersyn remi mckenna gemma ' +
  'blakely izabella catalina raegan kylie jaden kayden braxton easton bentley cooper declan rowan ' +
  'silas axel kai zayden nolan elias beau emmett brody tristan jace maddox ryder finn harrison kieran ' +
  'callum alfie archie reggie rory ollie freddie kian zara imogen poppy esme evie freya niamh siobhan ' +
  'aoife ciara saoirse orla sinead seamus eoin cian darragh oisin padraig ' +
  'yusuf youssef yousef aisha aicha ayesha khadija zainab mariam maryam amina ahmad mahmoud mustafa ' +
  'khalid tariq hamza bilal idris ismail karim rashid said samir walid yasmin yasmina layla noor nour ' +
  'salma hana rania leila abdullah abdallah abdul abdelaziz rachida nadia souad hakim farid nabil ' +
  'priya raj rahul arjun amit sanjay deepak anil sunil vijay anand ashok rajesh ramesh suresh vikram ' +
  'aditya rohan karan nikhil neha pooja anjali divya kavya lakshmi sunita anita meera deepika shreya ' +
  'wei jun ming hui xin jie yan fang lei hao yu xiao mei ling hiroshi yuki takeshi kenji akira haruto ' +
  'sakura yuto sota riku hana aiko keiko naoko satoshi takumi minh anh linh thanh tuan ji-hoon min-jun ' +
  'seo-yeon jimin kwame kofi kojo ama chinedu chidi emeka oluwaseun ngozi tunde adebayo folake ' +
  'mamadou moussa oumar ousmane cheikh aminata fatoumata kadiatou adama boubacar ' +
  'jurgen jürgen uwe helmut gunther günther horst manfred sabine birgit heike dirk sven lars jens ' +
  'bjorn björn magnus nils ingrid astrid sigrid svetlana natasha tatiana olga irina oksana yulia ' +
  'dmitri dmitry alexei alexey mikhail nikolai pavel andrei sergei sergey vladimir yuri oleg anatoly ' +
  'volodymyr taras bogdan piotr pawel tomasz krzysztof agnieszka katarzyna malgorzata zofia ' +
  'giuseppe giovanni francesco alessandro lorenzo matteo leonardo riccardo davide simone federico ' +
  'chiara giulia francesca alessia martina valentina elisa federica ' +
  'alejandro javier fernando sergio raul rodrigo santiago sebastián mateo joaquín ignacio guadalupe ' +
  'carmen dolores pilar rocío lucía sofía valeria camila ximena paula beatriz inês joão gonçalo ' +
  'elon jeff tim satya sundar mark jimbo donny hillary kamala bernie nancy ' +
  // Nineteenth pass: given names of West, East and Southern Africa, Madagascar, Punjab and Sri Lanka,
  // Polynesia, the Caribbean, Wales, Ireland, Brittany, the Basque country, Corsica, Kurdistan, Iran,
  // Vietnam, the Philippines, Japan, Greece and the Andes that no list held (general knowledge).
  'koffi efua adjoa affoué ahou amenan kouamé kouadio yao adewale babajide bolaji funmi funmilayo ' +
  'kehinde taiwo temitope seun segun yemi femi dapo bisi bukola kayode gbenga olumide oluwatobi ' +
  'damilola dami chioma nkechi ugochi amaka onyeka tochukwu aminu modou soumaïla soumaila ndèye ' +
  'tesfaye abebe haile dawit yohannes tigist auma zawadi thabo sipho themba lindiwe zanele nandi ' +
  'bongani lerato palesa tshepo kagiso karabo lwazi ayanda zodwa nokuthula mpho refilwe hery fidy ' +
  'voahangy rivo mialy miora fanja hasina andry toky harjit harpreet gurpreet jaspreet manpreet ' +
  'simran amrit baljit hardeep jasbir kuldeep navdeep parminder rajinder sukhwinder gurinder ' +
  'jaswinder tharindu chaminda nuwan kasun dilshan sanjeewa thisara lahiru kumari nirosha dilani ' +
  'meena rekha ganesh venkat srinivas varun karthik arvind farhana nasrin shabnam nusrat tahmina ' +
  'rokeya teuira hinano vaimiti heiata poerava tamatoa kalani makoa kainoa tevita tavita sefo ' +
  'shanique delroy kemar jevaughn tajay odane gethin dafydd siân cerys eleri ffion llinos meirion ' +
  'carys emyr geraint gruffydd huw ieuan lowri owain aled glesni heledd hywel mared osian sioned ' +
  'tomos róisín roisin sinéad éamon goulven tugdual xabier garazi josu ghjuvanni paulu santu şivan ' +
  'sivan dariush farhad farzaneh parisa navid omid arash golnaz behnaz negar babak kourosh siavash ' +
  'yasaman ladan azadeh khanh nhung hieu trinh marites analyn jonalyn arnel rodel rommel dindo ' +
  'hikaru kaito aoi yui haruka daiki shota kazuki yusuke makoto kenta xiaoming xiaoling yiannis ' +
  'giannis kostas giorgos spyros thanasis panagiotis apostolos ioanna dimitra fotini tomás duarte ' +
  'thaís thais wayra illari kusi małgorzata radu sanna ' +
  // Twentieth pass: public figures known by one name, as comments name them (singers, YouTubers,
  // footballers): a public figure counts as a person.
  'stormzy stromae squeezie booba kaaris orelsan nekfeu gims ninho damso tiakola indila bigflo beyoncé ' +
  'eminem lizzo akon wizkid davido banksy oprah bono skepta björk neymar ronaldinho zizou griezmann ' +
  'benzema kanté pogba haaland mbappé inoxtag ' +
  // Fiftieth pass: French nicknames made by doubling a syllable, like the listed "dédé", "jojo" and
  // "mimi" ("Gégé part à la retraite", "Nono a encore bâché", "Fanfan devant").
  'gégé nono fanfan';
