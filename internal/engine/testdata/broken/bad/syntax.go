package bad

func Also( {
